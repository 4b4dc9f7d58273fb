/*
 * stats_html: the stats page as HTML (spec §9.4): the process summary, a
 * colour legend, then one table per proxy with its frontend, servers and
 * backend, HAProxy's column groups, and the admin form when "stats admin"
 * allows it.  Self-contained (inline CSS, no script, no external asset);
 * the tables scroll sideways on a narrow screen.  Renders the rows that
 * stats.c fills; decides nothing.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "model/cfg_model.h"
#include "engine/engine_types.h"
#include "servers/proxy.h"
#include "observe/stats.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION	"unknown"
#endif

/* Row colours: the light palette of spec §9.4. */
static const char html_css[] =
    "body{font-family:Arial,Helvetica,sans-serif;font-size:13px;"
    "margin:8px;color:#000;background:#fff}"
    "h1{font-size:20px;margin:4px 0;color:#fff;background:#20409a;"
    "padding:4px 8px}"
    "h2{font-size:15px;margin:6px 0}"
    "h3{font-size:14px;margin:14px 0 2px}"
    ".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;"
    "max-width:100%}"
    "table.px{border-collapse:collapse;white-space:nowrap}"
    "table.px th,table.px td{border:1px solid #999;padding:1px 4px;"
    "text-align:right}"
    "table.px td.name,table.px th.name{text-align:left}"
    "table.px th{background:#20409a;color:#fff;font-weight:normal;"
    "text-align:center}"
    "tr.frontend td,tr.backend td{background:#e8e8d0;font-weight:bold}"
    ".active_up td{background:#c0ffc0}"
    ".backup_up td{background:#b0d0ff}"
    ".active_going_down td{background:#ffffa0}"
    ".backup_going_down td{background:#c060ff}"
    ".active_going_up td{background:#ffd020}"
    ".backup_going_up td{background:#ff80ff}"
    ".active_down td,.backup_down td{background:#ff9090}"
    ".active_nolb td{background:#20a0ff}"
    ".backup_nolb td{background:#90b0e0}"
    ".active_draining td{background:#20a0ff}"
    ".backup_draining td{background:#cc9900}"
    ".maint td{background:#c07820}"
    ".no_check td{background:#e0e0e0}"
    "table.legend td{padding:1px 6px;border:1px solid #999}"
    ".info{display:flex;flex-wrap:wrap;gap:12px}"
    ".info>div{flex:1 1 280px}"
    ".banner{padding:4px 8px;margin:6px 0;border:1px solid #999}"
    ".ok{background:#c0ffc0}.err{background:#ff9090}"
    "a{color:#20409a}";

/* HTML-escape S. */
static void
html_esc(struct evbuffer *out, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '<':
			evbuffer_add(out, "&lt;", 4);
			break;
		case '>':
			evbuffer_add(out, "&gt;", 4);
			break;
		case '&':
			evbuffer_add(out, "&amp;", 5);
			break;
		case '"':
			evbuffer_add(out, "&quot;", 6);
			break;
		default:
			evbuffer_add(out, s, 1);
			break;
		}
	}
}

/* A duration for humans: "42s", "3m07s", "5h02m", "2d04h". */
static void
html_dur(char *buf, size_t sz, uint64_t s)
{
	if (s < 60)
		snprintf(buf, sz, "%" PRIu64 "s", s);
	else if (s < 3600)
		snprintf(buf, sz, "%" PRIu64 "m%02" PRIu64 "s", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, sz, "%" PRIu64 "h%02" PRIu64 "m", s / 3600,
		    s / 60 % 60);
	else
		snprintf(buf, sz, "%" PRIu64 "d%02" PRIu64 "h", s / 86400,
		    s / 3600 % 24);
}

/* A cell holding field F of R (empty when it has none). */
static void
html_cell(struct evbuffer *out, const struct st_row *r, enum st_field f)
{
	const struct st_val	*v = &r->f[f];

	evbuffer_add(out, "<td>", 4);
	if (v->t == ST_V_U32 || v->t == ST_V_U64)
		evbuffer_add_printf(out, "%" PRIu64, v->u);
	else if (v->t == ST_V_S32)
		evbuffer_add_printf(out, "%" PRId64, v->i);
	else if (v->t == ST_V_STR)
		html_esc(out, v->s);
	evbuffer_add(out, "</td>", 5);
}

static void
html_text_cell(struct evbuffer *out, const char *s)
{
	evbuffer_add(out, "<td>", 4);
	html_esc(out, s);
	evbuffer_add(out, "</td>", 5);
}

static void
html_dur_cell(struct evbuffer *out, const struct st_row *r, enum st_field f)
{
	char	buf[32];

	if (r->f[f].t == ST_V_S32 && r->f[f].i < 0) {
		html_text_cell(out, "?");	/* never */
		return;
	}
	if (r->f[f].t != ST_V_U32 && r->f[f].t != ST_V_U64 &&
	    r->f[f].t != ST_V_S32) {
		html_text_cell(out, "");
		return;
	}
	html_dur(buf, sizeof(buf), r->f[f].t == ST_V_S32 ?
	    (uint64_t)r->f[f].i : r->f[f].u);
	html_text_cell(out, buf);
}

static const char *
html_row_class(const struct st_row *r)
{
	static const char *const act[] = {
		[ST_S_UP] = "active_up",
		[ST_S_GOING_DOWN] = "active_going_down",
		[ST_S_DOWN] = "active_down",
		[ST_S_GOING_UP] = "active_going_up",
		[ST_S_NOLB] = "active_nolb", [ST_S_DRAIN] = "active_draining",
		[ST_S_MAINT] = "maint", [ST_S_NOCHECK] = "no_check",
	};
	static const char *const bck[] = {
		[ST_S_UP] = "backup_up",
		[ST_S_GOING_DOWN] = "backup_going_down",
		[ST_S_DOWN] = "backup_down",
		[ST_S_GOING_UP] = "backup_going_up",
		[ST_S_NOLB] = "backup_nolb", [ST_S_DRAIN] = "backup_draining",
		[ST_S_MAINT] = "maint", [ST_S_NOCHECK] = "no_check",
	};
	enum st_srv_state	st;

	if (r->kind == ST_FE)
		return "frontend";
	if (r->kind == ST_BE)
		return "backend";
	st = stats_srv_state(r->srv);
	return r->srv->conf->backup ? bck[st] : act[st];
}

static const struct {
	const char	*name;
	unsigned	 span;
	const char	*subs;
} html_groups[] = {
	{ "Queue", 3, "Cur Max Limit" },
	{ "Session rate", 3, "Cur Max Limit" },
	{ "Sessions", 6, "Cur Max Limit Total LbTot Last" },
	{ "Bytes", 2, "In Out" },
	{ "Denied", 2, "Req Resp" },
	{ "Errors", 3, "Req Conn Resp" },
	{ "Warnings", 2, "Retr Redis" },
	{ "Server", 9, "Status LastChk Wght Act Bck Chk Dwn Dwntme Thrtle" },
};

/* "stats show-modules": the counters of HAProxy's h1 module. */
static const enum st_field html_mod_cols[] = {
	ST_F_H1_OPEN_CONNECTIONS, ST_F_H1_TOTAL_CONNECTIONS,
	ST_F_H1_TOTAL_STREAMS, ST_F_H1_BYTES_IN, ST_F_H1_BYTES_OUT,
};

static void
html_table_head(struct evbuffer *out, bool admin, bool modules)
{
	char		 sub[64], *w, *save;
	unsigned	 i;

	evbuffer_add_printf(out, "<thead><tr>%s<th class=name rowspan=2>"
	    "Name</th>", admin ? "<th rowspan=2></th>" : "");
	for (i = 0; i < sizeof(html_groups) / sizeof(html_groups[0]); i++)
		evbuffer_add_printf(out, "<th colspan=%u>%s</th>",
		    html_groups[i].span, html_groups[i].name);
	if (modules)
		evbuffer_add(out, "<th colspan=5>HTTP/1 module</th>", 32);
	evbuffer_add(out, "</tr>\n<tr>", 10);
	for (i = 0; i < sizeof(html_groups) / sizeof(html_groups[0]); i++) {
		snprintf(sub, sizeof(sub), "%s", html_groups[i].subs);
		for (w = strtok_r(sub, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save))
			evbuffer_add_printf(out, "<th>%s</th>", w);
	}
	if (modules)
		evbuffer_add_printf(out, "<th>Cur</th><th>Conns</th>"
		    "<th>Streams</th><th>In</th><th>Out</th>");
	evbuffer_add(out, "</tr></thead>\n", 14);
}

/* The name cell, with the address and cookie in a tooltip when
 * "stats show-legends" put them in the row. */
static void
html_name_cell(struct evbuffer *out, const struct st_row *r)
{
	const char	*name = r->kind == ST_FE ? "Frontend" :
			    r->kind == ST_BE ? "Backend" : r->srv->conf->name;

	evbuffer_add(out, "<td class=name", 14);
	if (r->f[ST_F_ADDR].t == ST_V_STR) {
		evbuffer_add(out, " title=\"addr: ", 14);
		html_esc(out, r->f[ST_F_ADDR].s);
		if (r->f[ST_F_COOKIE].t == ST_V_STR) {
			evbuffer_add(out, ", cookie: ", 10);
			html_esc(out, r->f[ST_F_COOKIE].s);
		}
		evbuffer_add(out, "\"", 1);
	}
	evbuffer_add(out, ">", 1);
	html_esc(out, name);
	evbuffer_add(out, "</td>", 5);
}

/* "Status" shows how long the state has lasted, then the state. */
static void
html_status_cell(struct evbuffer *out, const struct st_row *r)
{
	char	buf[32];

	evbuffer_add(out, "<td>", 4);
	if (r->f[ST_F_LASTCHG].t == ST_V_U32) {
		html_dur(buf, sizeof(buf), r->f[ST_F_LASTCHG].u);
		evbuffer_add_printf(out, "%s ", buf);
	}
	if (r->f[ST_F_STATUS].t == ST_V_STR)
		html_esc(out, r->f[ST_F_STATUS].s);
	evbuffer_add(out, "</td>", 5);
}

/* "LastChk": L7STS/503 in 2ms, with the description in a tooltip. */
static void
html_lastchk_cell(struct evbuffer *out, const struct st_row *r)
{
	if (r->f[ST_F_CHECK_STATUS].t != ST_V_STR) {
		html_text_cell(out, "");
		return;
	}
	evbuffer_add(out, "<td title=\"", 11);
	if (r->f[ST_F_CHECK_DESC].t == ST_V_STR)
		html_esc(out, r->f[ST_F_CHECK_DESC].s);
	if (r->f[ST_F_LAST_CHK].t == ST_V_STR) {
		evbuffer_add(out, ": ", 2);
		html_esc(out, r->f[ST_F_LAST_CHK].s);
	}
	evbuffer_add(out, "\">", 2);
	html_esc(out, r->f[ST_F_CHECK_STATUS].s);
	if (r->f[ST_F_CHECK_CODE].t == ST_V_U32)
		evbuffer_add_printf(out, "/%" PRIu64, r->f[ST_F_CHECK_CODE].u);
	if (r->f[ST_F_CHECK_DURATION].t == ST_V_U64)
		evbuffer_add_printf(out, " in %" PRIu64 "ms",
		    r->f[ST_F_CHECK_DURATION].u);
	evbuffer_add(out, "</td>", 5);
}

static void
html_server_group(struct evbuffer *out, const struct st_row *r)
{
	html_status_cell(out, r);
	html_lastchk_cell(out, r);
	html_cell(out, r, ST_F_WEIGHT);
	if (r->kind == ST_SRV) {
		html_text_cell(out, r->f[ST_F_ACT].u ? "Y" : "-");
		html_text_cell(out, r->f[ST_F_BCK].u ? "Y" : "-");
	} else {
		html_cell(out, r, ST_F_ACT);
		html_cell(out, r, ST_F_BCK);
	}
	html_cell(out, r, ST_F_CHKFAIL);
	html_cell(out, r, ST_F_CHKDOWN);
	html_dur_cell(out, r, ST_F_DOWNTIME);
	html_cell(out, r, ST_F_THROTTLE);
}

static void
html_row(struct evbuffer *out, const struct st_row *r, bool admin,
    bool modules)
{
	static const enum st_field cols[] = {
		ST_F_QCUR, ST_F_QMAX, ST_F_QLIMIT, ST_F_RATE, ST_F_RATE_MAX,
		ST_F_RATE_LIM, ST_F_SCUR, ST_F_SMAX, ST_F_SLIM, ST_F_STOT,
		ST_F_LBTOT,
	};
	static const enum st_field cols2[] = {
		ST_F_BIN, ST_F_BOUT, ST_F_DREQ, ST_F_DRESP, ST_F_EREQ,
		ST_F_ECON, ST_F_ERESP, ST_F_WRETR, ST_F_WREDIS,
	};
	unsigned	i;

	evbuffer_add_printf(out, "<tr class=%s>", html_row_class(r));
	if (admin && r->kind == ST_SRV) {
		evbuffer_add(out, "<td><input type=checkbox name=s value=\"",
		    39);
		html_esc(out, r->srv->conf->name);
		evbuffer_add(out, "\"></td>", 7);
	} else if (admin)
		evbuffer_add(out, "<td></td>", 9);
	html_name_cell(out, r);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		html_cell(out, r, cols[i]);
	html_dur_cell(out, r, ST_F_LASTSESS);
	for (i = 0; i < sizeof(cols2) / sizeof(cols2[0]); i++)
		html_cell(out, r, cols2[i]);
	html_server_group(out, r);
	for (i = 0; modules && i < sizeof(html_mod_cols) /
	    sizeof(html_mod_cols[0]); i++)
		html_cell(out, r, html_mod_cols[i]);
	evbuffer_add(out, "</tr>\n", 6);
}

/* The admin form's controls: which action, on which backend. */
static void
html_admin_controls(struct evbuffer *out, const struct st_row *be)
{
	evbuffer_add_printf(out, "<p>Choose the action to perform on the "
	    "checked servers: <select name=action><option value=\"\">"
	    "</option><option value=ready>Set state to READY</option>"
	    "<option value=drain>Set state to DRAIN</option>"
	    "<option value=maint>Set state to MAINT</option></select>"
	    "<input type=hidden name=b value=\"#%" PRIu64 "\">"
	    "<input type=submit value=Apply></p>\n", be->f[ST_F_IID].u);
}

static void
html_proxy(struct evbuffer *out, const struct stats_req *req,
    const struct proxy *px, struct st_row *r)
{
	bool		admin = req->admin && px->nsrvs > 0 &&
			    (px->conf->cap & CFG_CAP_BE);
	bool		mods = req->sc->show_modules;
	unsigned	i;

	evbuffer_add(out, "<h3 id=\"", 8);
	html_esc(out, px->conf->name);
	evbuffer_add(out, "\">", 2);
	html_esc(out, px->conf->name);
	evbuffer_add(out, "</h3>\n", 6);
	if (admin)
		evbuffer_add(out, "<form method=post>", 18);
	evbuffer_add(out, "<div class=scroll><table class=px>", 34);
	html_table_head(out, admin, mods);
	evbuffer_add(out, "<tbody>", 7);
	if (px->conf->cap & CFG_CAP_FE) {
		stats_fill_row(r, ST_FE, px, NULL, req);
		html_row(out, r, admin, mods);
	}
	for (i = 0; (px->conf->cap & CFG_CAP_BE) && i < px->nsrvs; i++) {
		if (!stats_srv_shown(req, &px->srvs[i]))
			continue;
		stats_fill_row(r, ST_SRV, px, &px->srvs[i], req);
		html_row(out, r, admin, mods);
	}
	if (px->conf->cap & CFG_CAP_BE) {
		stats_fill_row(r, ST_BE, px, NULL, req);
		html_row(out, r, admin, mods);
	}
	evbuffer_add(out, "</tbody></table></div>\n", 23);
	if (admin) {
		html_admin_controls(out, r);
		evbuffer_add(out, "</form>\n", 8);
	}
}

static const struct {
	const char	*code;
	bool		 ok;
	const char	*text;
} html_banners[] = {
	{ "DONE", true, "Action processed successfully." },
	{ "NONE", true, "Nothing has changed." },
	{ "PART", false, "Action processed for some of the servers only: "
	    "the others were not found." },
	{ "ERRP", false, "Action not processed: invalid parameters "
	    "(backend, action or servers)." },
	{ "EXCD", false, "Action not processed: the form was too large." },
	{ "DENY", false, "Action denied: administration is not allowed "
	    "here." },
};

static void
html_banner(struct evbuffer *out, const struct stats_req *req)
{
	const char	*st = req->st;
	unsigned	 i;

	if (st[0] == '\0')
		return;
	for (i = 0; i < sizeof(html_banners) / sizeof(html_banners[0]); i++)
		if (strcmp(st, html_banners[i].code) == 0) {
			evbuffer_add_printf(out, "<p class=\"banner %s\">%s "
			    "<a href=\"%s\">[X]</a></p>\n",
			    html_banners[i].ok ? "ok" : "err",
			    html_banners[i].text, req->uri);
			return;
		}
	evbuffer_add(out, "<p class=\"banner err\">Unexpected result.</p>\n",
	    45);
}

static void
html_info(struct evbuffer *out, const struct stats_req *req)
{
	const struct engine		*eng = req->eng;
	const struct global_conf	*g = &eng->cfg->global;
	const struct stats_conf		*sc = req->sc;
	int64_t				 up = req->now - eng->start_time;
	const char			*node = sc->node_name != NULL ?
					    sc->node_name : g->node;
	const char			*desc = sc->desc != NULL ? sc->desc :
					    g->description;
	char				 host[256];

	if (up < 0)
		up = 0;
	if (node == NULL && gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		node = host;
	}
	evbuffer_add(out, "<div class=info><div><h2>General process "
	    "information</h2>\n", 58);
	evbuffer_add_printf(out, "<p>pid = %ld (process #1, nbproc = 1, "
	    "nbthread = 1)<br>\nuptime = %" PRId64 "d %" PRId64 "h%02" PRId64
	    "m%02" PRId64 "s<br>\nmaxconn = %u<br>\ncurrent conns = %u; "
	    "total conns = %" PRIu64 "; total requests = %" PRIu64 "</p>\n",
	    (long)getpid(), up / 86400, up / 3600 % 24, up / 60 % 60, up % 60,
	    eng->maxconn, eng->actconn, eng->cum_conns, eng->cum_req);
	if (sc->show_node && node != NULL) {
		evbuffer_add(out, "<p>node: ", 9);
		html_esc(out, node);
		evbuffer_add(out, "</p>\n", 5);
	}
	if (sc->show_desc && desc != NULL) {
		evbuffer_add(out, "<p>description: ", 16);
		html_esc(out, desc);
		evbuffer_add(out, "</p>\n", 5);
	}
	evbuffer_add(out, "</div>\n", 7);
}

static void
html_legend(struct evbuffer *out)
{
	evbuffer_add_printf(out, "<div><table class=legend>"
	    "<tr><td style=\"background:#c0ffc0\"></td>"
	    "<td>active UP</td><td style=\"background:#b0d0ff\"></td>"
	    "<td>backup UP</td></tr>"
	    "<tr><td style=\"background:#ffffa0\"></td><td>active UP, going "
	    "down</td><td style=\"background:#c060ff\"></td><td>backup UP, "
	    "going down</td></tr>"
	    "<tr><td style=\"background:#ffd020\"></td><td>active DOWN, going "
	    "up</td><td style=\"background:#ff80ff\"></td><td>backup DOWN, "
	    "going up</td></tr>"
	    "<tr><td style=\"background:#ff9090\"></td><td>active or backup "
	    "DOWN</td><td style=\"background:#e0e0e0\"></td><td>not checked"
	    "</td></tr>"
	    "<tr><td style=\"background:#c07820\"></td><td colspan=3>active "
	    "or backup DOWN for maintenance (MAINT)</td></tr>"
	    "<tr><td style=\"background:#20a0ff\"></td><td colspan=3>active "
	    "or backup SOFT STOPPED for maintenance (DRAIN, NOLB)</td></tr>"
	    "</table></div>\n");
}

static void
html_options(struct evbuffer *out, const struct stats_req *req)
{
	const char	*u = req->uri;

	evbuffer_add(out, "<div><h2>Display options</h2><ul>", 34);
	if (req->up)
		evbuffer_add_printf(out, "<li><a href=\"%s\">Show all servers"
		    "</a></li>", u);
	else
		evbuffer_add_printf(out, "<li><a href=\"%s;up\">Hide 'DOWN' "
		    "servers</a></li>", u);
	if (req->sc->refresh_ms != CFG_UNSET && !req->norefresh)
		evbuffer_add_printf(out, "<li><a href=\"%s;norefresh\">Disable "
		    "refresh</a></li>", u);
	evbuffer_add_printf(out, "<li><a href=\"%s\">Refresh now</a></li>"
	    "<li><a href=\"%s;csv\">CSV export</a></li>"
	    "<li><a href=\"%s;json\">JSON export</a></li></ul></div></div>\n",
	    u, u, u);
}

void
stats_html(struct evbuffer *out, const struct stats_req *req)
{
	const struct engine	*eng = req->eng;
	struct st_row		*r = malloc(sizeof(*r));
	unsigned		 i;

	if (r == NULL)
		return;
	evbuffer_add_printf(out, "<!DOCTYPE html>\n<html lang=en><head>"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\""
	    "width=device-width, initial-scale=1\">\n<title>Statistics Report "
	    "for HAProxy</title>\n<style>%s</style></head>\n<body>\n",
	    html_css);
	evbuffer_add(out, "<h1>hapx statistics", 19);
	if (!req->sc->hide_version)
		evbuffer_add(out, " &mdash; hapx version " PACKAGE_VERSION,
		    strlen(" &mdash; hapx version " PACKAGE_VERSION));
	evbuffer_add_printf(out, "</h1>\n<h2>Statistics Report for pid %ld"
	    "</h2>\n", (long)getpid());
	html_banner(out, req);
	html_info(out, req);
	html_legend(out);
	html_options(out, req);
	for (i = 0; i < eng->nproxies; i++)
		if (stats_in_scope(req, &eng->proxies[i]))
			html_proxy(out, req, &eng->proxies[i], r);
	evbuffer_add(out, "</body></html>\n", 15);
	free(r);
}
