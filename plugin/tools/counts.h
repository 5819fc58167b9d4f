/* counts.h - the tools' counts of things: an argument from 1 to max, a
 * time in seconds, and how many processors there are to use. */
#ifndef ANNALS_TOOLS_COUNTS_H
#define ANNALS_TOOLS_COUNTS_H

/* The decimal count s (digits only), from 1 to max; 0 when s is not one. */
unsigned count_arg(const char *s, unsigned max);

/* Seconds s (digits, and a fraction), from 0.001 to 3600, into *out; -1
 * when s is not that. */
int seconds_arg(const char *s, double *out);

/* The processors online, from 1 to max. */
unsigned count_processors(unsigned max);

#endif
