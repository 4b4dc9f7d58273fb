/*
 * sockopt: socket settings the configuration asks for (TCP keep-alive,
 * unix socket owner) and the process file descriptor limit.
 */
#ifndef HAPX_SOCKOPT_H
#define HAPX_SOCKOPT_H

#include <stdbool.h>
#include <stdint.h>

struct global_conf;
struct proxy_conf;
struct bind_conf;

void	sock_keepalive(int fd, const struct proxy_conf *pc, bool client);
/* chown PATH to the numeric ids (-1 = unset) or else the names. */
int	sock_unix_owner(const char *path, long uid, long gid,
	    const char *user, const char *group);
int	sock_set_nofile(uint32_t n);
int	sock_bind_opts(int fd, const struct bind_conf *bc, int family);
void	sock_tune_bufs(int fd, const struct global_conf *g, bool client);

#endif
