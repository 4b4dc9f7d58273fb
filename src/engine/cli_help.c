/*
 * cli_help: "help" and the unknown-command hint (see cli_help.h).  The
 * format is HAProxy 2.6's: the usage padded to 40 columns, ": ", the
 * help line; commands sorted by usage, the trailer last.  The closest
 * names are found by comparing letter-pair counts (a fingerprint), which
 * is how HAProxy ranks them too; the exact picks can differ.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "engine/cli_help.h"

#define CLI_HINTS	5	/* closest names listed at most */
#define CMD_WORDS	4	/* struct cli_cmd words[] */

size_t
cli_cmd_matches(const struct cli_cmd *cmd, int argc, char **argv)
{
	size_t	i;

	for (i = 0; i < CMD_WORDS && cmd->words[i] != NULL; i++)
		if ((int)i >= argc || strcmp(cmd->words[i], argv[i]) != 0)
			return 0;
	return i;
}

/* Whether the NW words are the start of CMD's name (or name it and
 * more). */
static bool
cli_cmd_starts(const struct cli_cmd *cmd, int nw, char **words)
{
	int	i;

	for (i = 0; i < nw && i < CMD_WORDS && cmd->words[i] != NULL; i++)
		if (strcmp(cmd->words[i], words[i]) != 0)
			return false;
	return true;
}

static int
cmd_by_usage(const void *a, const void *b)
{
	const struct cli_cmd	*const *x = a, *const *y = b;

	return strcmp((*x)->usage, (*y)->usage);
}

/* Every listed command of the tables, sorted by usage; *N set.  NULL
 * when out of memory. */
static const struct cli_cmd **
cli_all_cmds(size_t *n)
{
	const struct cli_cmd	**v;
	size_t			  t, i, total = 0;

	for (t = 0; t < cli_ntables; t++)
		total += *cli_tables[t].n;
	if ((v = calloc(total ? total : 1, sizeof(*v))) == NULL)
		return NULL;
	*n = 0;
	for (t = 0; t < cli_ntables; t++)
		for (i = 0; i < *cli_tables[t].n; i++)
			if (cli_tables[t].cmds[i].help != NULL)
				v[(*n)++] = &cli_tables[t].cmds[i];
	qsort(v, *n, sizeof(*v), cmd_by_usage);
	return v;
}

static void
cli_help_line(struct cli_req *req, const struct cli_cmd *cmd)
{
	evbuffer_add_printf(req->out, "  %-40s: %s\n", cmd->usage, cmd->help);
}

/* Letter-pair counts of S, words separated by one space; a pair is two
 * characters of 32 classes (letters, digits, the rest). */
#define FP_SIZE	(32 * 32)

static unsigned
fp_class(int ch)
{
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'z')
		return (unsigned)(ch - 'a' + 1);
	if (ch >= '0' && ch <= '9')
		return 27;
	if (ch == ' ' || ch == '\0')
		return 0;
	return 28 + (unsigned)(ch & 3);
}

static void
fp_add(unsigned short *fp, const char *s)
{
	unsigned	prev = 0;

	for (; *s != '\0'; s++) {
		unsigned	cur = fp_class((unsigned char)*s);

		fp[prev * 32 + cur]++;
		prev = cur;
	}
	fp[prev * 32]++;
}

/* The fingerprint of the first NW words (all when fewer). */
static void
fp_words(unsigned short *fp, int nw, char *const *words)
{
	int	i;

	memset(fp, 0, FP_SIZE * sizeof(*fp));
	for (i = 0; i < nw && words[i] != NULL; i++)
		fp_add(fp, words[i]);
}

static unsigned
fp_dist(const unsigned short *a, const unsigned short *b)
{
	unsigned	i, d = 0;

	for (i = 0; i < FP_SIZE; i++)
		d += a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];
	return d;
}

struct hint {
	const struct cli_cmd	*cmd;
	unsigned		 dist;
};

static int
hint_cmp(const void *a, const void *b)
{
	const struct hint	*x = a, *y = b;

	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	return strcmp(x->cmd->usage, y->cmd->usage);
}

/* The CLI_HINTS commands closest to WORDS, and only those not much
 * farther than the closest, in usage order. */
static void
cli_help_closest(struct cli_req *req, const struct cli_cmd **v, size_t n,
    int nw, char **words)
{
	unsigned short	 typed[FP_SIZE], fp[FP_SIZE];
	struct hint	*h = calloc(n ? n : 1, sizeof(*h));
	size_t		 i, keep;

	if (h == NULL)
		return;
	fp_words(typed, nw, words);
	for (i = 0; i < n; i++) {
		fp_words(fp, CMD_WORDS, (char *const *)v[i]->words);
		h[i].cmd = v[i];
		h[i].dist = fp_dist(typed, fp);
	}
	qsort(h, n, sizeof(*h), hint_cmp);
	for (keep = 0; keep < n && keep < CLI_HINTS; keep++)
		if (keep > 0 && h[keep].dist > 2 * h[0].dist)
			break;
	for (i = 0; i < keep; i++)
		v[i] = h[i].cmd;
	qsort(v, keep, sizeof(*v), cmd_by_usage);
	for (i = 0; i < keep; i++)
		cli_help_line(req, v[i]);
	free(h);
}

void
cli_help_list(struct cli_req *req, const char *title, int nw, char **words)
{
	const struct cli_cmd	**v;
	size_t			  n = 0, i, shown = 0;

	cli_info(req, "%s", title);
	if ((v = cli_all_cmds(&n)) == NULL)
		return;
	for (i = 0; i < n; i++)
		if (nw == 0 || cli_cmd_starts(v[i], nw, words)) {
			cli_help_line(req, v[i]);
			shown++;
		}
	if (shown == 0)
		cli_help_closest(req, v, n, nw, words);
	free(v);
	for (i = 0; i < cli_trailer_ncmds; i++)
		cli_help_line(req, &cli_trailer_cmds[i]);
}

void
cli_help_unknown(struct cli_req *req)
{
	cli_help_list(req, "Unknown command, but maybe one of the following "
	    "ones is a better match:\n", req->argc, req->argv);
}
