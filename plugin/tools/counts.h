/* counts.h - the tools' counts of things: an argument from 1 to max, and
 * how many processors there are to use. */
#ifndef ANNALS_TOOLS_COUNTS_H
#define ANNALS_TOOLS_COUNTS_H

/* The decimal count s (digits only), from 1 to max; 0 when s is not one. */
unsigned count_arg(const char *s, unsigned max);

/* The processors online, from 1 to max. */
unsigned count_processors(unsigned max);

#endif
