/*
 * log_types: the syslog levels, which the layers below observe name when
 * they report a message through the engine's hooks (engine_types.h).
 * Types and constants only (STYLE.md §1); the log targets are log.h's.
 */
#ifndef HAPX_LOG_TYPES_H
#define HAPX_LOG_TYPES_H

/* Syslog levels (RFC 5424). */
enum { LOG_L_EMERG, LOG_L_ALERT, LOG_L_CRIT, LOG_L_ERR, LOG_L_WARNING,
	LOG_L_NOTICE, LOG_L_INFO, LOG_L_DEBUG };
#define LOG_L_SILENT	(-1)	/* set-log-level silent */
#define LOG_L_UNSET	(-9)	/* no set-log-level */

#endif
