/*
 * sockopt: socket settings the configuration asks for.
 *
 * "option tcpka" covers both sides, "clitcpka" the client side of a
 * frontend and "srvtcpka" the server side of a backend; the *tcpka-cnt,
 * -idle and -intvl settings replace the kernel's defaults when set.
 */
#include "config.h"
#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>
#include "model/cfg_model.h"
#include "engine/sockopt.h"

/* Set an int option; a failure only loses the tuning, so it is ignored. */
static void
sock_int(int fd, int level, int opt, int v)
{
	(void)setsockopt(fd, level, opt, &v, sizeof(v));
}

/* Enable TCP keep-alive on FD when PC asks for it on that side. */
void
sock_keepalive(int fd, const struct proxy_conf *pc, bool client)
{
	uint64_t	want = PXO_BIT(PXO_TCPKA) |
			    PXO_BIT(client ? PXO_CLITCPKA : PXO_SRVTCPKA);
	unsigned	cnt;
	uint32_t	idle, intvl;

	if (fd < 0 || pc == NULL || !(pc->opts & want))
		return;
	sock_int(fd, SOL_SOCKET, SO_KEEPALIVE, 1);
	cnt = client ? pc->clitcpka_cnt : pc->srvtcpka_cnt;
	idle = client ? pc->clitcpka_idle_ms : pc->srvtcpka_idle_ms;
	intvl = client ? pc->clitcpka_intvl_ms : pc->srvtcpka_intvl_ms;
	/* The kernel counts in seconds; round up so 500ms is not 0. */
	if (cnt > 0)
		sock_int(fd, IPPROTO_TCP, TCP_KEEPCNT, (int)cnt);
	if (idle > 0)
		sock_int(fd, IPPROTO_TCP, TCP_KEEPIDLE, (int)((idle + 999) /
		    1000));
	if (intvl > 0)
		sock_int(fd, IPPROTO_TCP, TCP_KEEPINTVL, (int)((intvl + 999) /
		    1000));
}

/* Give the unix socket PATH the owner a "bind" or "stats socket" set. */
int
sock_unix_owner(const char *path, long uid_n, long gid_n, const char *user,
    const char *group)
{
	uid_t		 uid = (uid_t)-1;
	gid_t		 gid = (gid_t)-1;
	struct passwd	*pw;
	struct group	*gr;

	if (uid_n >= 0)
		uid = (uid_t)uid_n;
	else if (user != NULL && (pw = getpwnam(user)) != NULL)
		uid = pw->pw_uid;
	if (gid_n >= 0)
		gid = (gid_t)gid_n;
	else if (group != NULL && (gr = getgrnam(group)) != NULL)
		gid = gr->gr_gid;
	if (uid == (uid_t)-1 && gid == (gid_t)-1)
		return 0;
	return chown(path, uid, gid);
}

/* "ulimit-n N": raise (or lower) the descriptor limit to N. */
int
sock_set_nofile(uint32_t n)
{
	struct rlimit	rl;

	rl.rlim_cur = rl.rlim_max = n;
	if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
		return 0;
	/* Unprivileged: the soft limit can still go up to the hard one. */
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || n > rl.rlim_max)
		return -1;
	rl.rlim_cur = n;
	return setrlimit(RLIMIT_NOFILE, &rl);
}

/* "bind ... defer-accept / tfo / interface" before listen(); -1 (errno
 * set) when the interface cannot be bound, the rest being optimisations. */
int
sock_bind_opts(int fd, const struct bind_conf *bc, int family)
{
	if (family != AF_INET && family != AF_INET6)
		return 0;
	if (bc->defer_accept)
		sock_int(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, 1);
	if (bc->tfo)
		sock_int(fd, IPPROTO_TCP, TCP_FASTOPEN, 256);
	if (bc->interface != NULL && setsockopt(fd, SOL_SOCKET,
	    SO_BINDTODEVICE, bc->interface, (socklen_t)strlen(bc->interface) +
	    1) < 0)
		return -1;
	return 0;
}

/* "tune.rcvbuf.client|server" and "tune.sndbuf.client|server". */
void
sock_tune_bufs(int fd, const struct global_conf *g, bool client)
{
	uint32_t	rcv = client ? g->tune_rcvbuf_client :
			    g->tune_rcvbuf_server;
	uint32_t	snd = client ? g->tune_sndbuf_client :
			    g->tune_sndbuf_server;

	if (fd < 0)
		return;
	if (rcv > 0)
		sock_int(fd, SOL_SOCKET, SO_RCVBUF, (int)rcv);
	if (snd > 0)
		sock_int(fd, SOL_SOCKET, SO_SNDBUF, (int)snd);
}
