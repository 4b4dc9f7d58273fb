/*
 * nitems.h - the element count of a fixed-size array.
 *
 * Owns nothing: one macro, defined here once so every module counts its
 * tables the same way (and no file redefines it).
 */
#ifndef HAPX_NITEMS_H
#define HAPX_NITEMS_H

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#endif /* HAPX_NITEMS_H */
