/*
 * err_capture: HAProxy's error snapshots, what the runtime API's "show
 * errors" prints.  A frontend keeps the last invalid request it received
 * and a backend the last invalid response (a listen both): one slot per
 * direction per proxy, the newest replacing the older, each with its
 * event number from the engine's count of captures.  A snapshot holds a
 * bounded copy (up to tune.bufsize) of the bytes the HTTP/1 parser
 * refused and the offset where it gave up.
 *
 * err_capture_save runs only on an error path: the normal path costs
 * nothing.  err_capture_render writes HAProxy 2.6's text; it never
 * changes a snapshot.  What hapx cannot know is printed in HAProxy's
 * shape (see err_capture.c: the H1 mux's flags).
 */
#ifndef HAPX_ERR_CAPTURE_H
#define HAPX_ERR_CAPTURE_H

#include <sys/socket.h>
#include <sys/time.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct engine;
struct evbuffer;
struct http1_msg;
struct proxy;
struct server;

enum err_dir {
	ERR_DIR_REQ = 0,	/* kept by the frontend */
	ERR_DIR_RESP = 1	/* kept by the backend */
};

/* One captured message; struct proxy owns one per direction. */
struct err_snap {
	struct timeval		 when;		/* wall clock of the capture */
	struct sockaddr_storage	 src;		/* the client's address */
	const struct proxy	*oe;		/* the other end: the backend of
						   a request (NULL: none yet),
						   the frontend of a response */
	const struct server	*srv;		/* NULL = none */
	uint64_t		 ev_id;		/* engine's count before it */
	size_t			 err_off;	/* offset of the error in buf */
	int			 h1_state;	/* HAProxy's H1 parser state the
						   error stands for (.c) */
	unsigned		 msg_flags;	/* as HAProxy's H1_MF_* */
	bool			 late;		/* see struct err_event */
	uint64_t		 body_len;
	size_t			 len;		/* bytes in buf */
	char			 buf[];		/* the copy (same block) */
};

/* What the session knows when it refuses a message. */
struct err_event {
	const struct http1_msg	*msg;		/* the head as parsed, with its
						   verdict (err, err_off);
						   NULL = unknown */
	int			 body_err;	/* an enum http1_err of the
						   body, 0 (HTTP1_E_NONE) for
						   a head error */
	size_t			 body_err_off;	/* its offset in IN */
	bool			 late;		/* a body error after the head
						   went on: IN holds what is
						   left of the body */
	uint64_t		 body_len;	/* late: body bytes taken from
						   this read before the error */
	bool			 ver11;		/* without MSG: an HTTP/1.1
						   message */
	struct evbuffer		*in;		/* the bytes received, from the
						   start of the message; not
						   drained */
	const struct sockaddr_storage *src;	/* the client */
	const struct proxy	*oe;		/* see struct err_snap */
	const struct server	*srv;
};

/*
 * Keep EV as PX's last invalid message of direction DIR, replacing the
 * older one, and count it in PX->eng.  The copy is bounded by the
 * engine's tune.bufsize.  On allocation failure the older snapshot stays
 * (the event is still counted, as HAProxy counts events it could not
 * store).
 */
void	err_capture_save(struct proxy *px, enum err_dir dir,
	    const struct err_event *ev);
/* Free PX's snapshots (the engine, when it frees its proxies). */
void	err_capture_free(struct proxy *px);

/*
 * "show errors [<iid>|<proxy>] [request|response]" as HAProxy 2.6 writes
 * it, into OUT: the header with the date NOW (NULL = the clock), then
 * every snapshot of ENG's proxies in config order, a proxy's request
 * before its response.  PX_ARG (NULL = all) names a proxy or gives its
 * numeric id; a snapshot is shown when its proxy or its other end is
 * that proxy.  DIR is -1 for both directions, ERR_DIR_REQ or
 * ERR_DIR_RESP.  Returns -1, writing nothing, when PX_ARG is neither a
 * proxy's name nor a non-zero number: the caller answers HAProxy's
 * "No such proxy.\n" (ERR_CAPTURE_NO_PROXY) as an error.
 */
int	err_capture_render(struct evbuffer *out, const struct engine *eng,
	    const char *px_arg, int dir, const struct timeval *now);
#define ERR_CAPTURE_NO_PROXY	"No such proxy.\n"
/* The direction word of the command: 0 "request", 1 "response", -1 for
 * anything else or NULL (HAProxy shows both then). */
int	err_capture_dir(const char *word);

#endif
