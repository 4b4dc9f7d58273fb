/*
 * diag_codes: the stable codes of the warnings that the config front-end
 * reports in every mode (the linter, tools/cfg_lint, adds its own).  They
 * live beside the diagnostics so that the front-end can name them without
 * reaching up to the tools.
 */
#ifndef HAPX_DIAG_CODES_H
#define HAPX_DIAG_CODES_H

#define LINT_MISSING_TIMEOUT	"W-missing-timeout"
#define LINT_HTTPLOG_TCP	"W-httplog-tcp"
#define LINT_HTTP_IN_TCP	"W-http-in-tcp"
#define LINT_NO_BIND		"W-no-bind"
#define LINT_DEPRECATED		"W-deprecated"
#define LINT_IGNORED		"W-ignored"
#define LINT_WRONG_SECTION	"W-wrong-section"

#endif
