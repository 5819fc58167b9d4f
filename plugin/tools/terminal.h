/* terminal.h - how annals-search's text output fits where it goes: colour
 * only on a terminal, and the width passages are wrapped to. */
#ifndef ANNALS_TERMINAL_H
#define ANNALS_TERMINAL_H

/* 1 when fd is a terminal and NO_COLOR is unset or empty. */
int term_color(int fd);

/* The width to wrap to: $COLUMNS when it is a number from 1 to 10000, else
 * the terminal's width when fd is a terminal (80 when it has none), else 0:
 * no wrapping (a pipe or a file gets each passage paragraph on one line). */
unsigned term_width(int fd);

#endif
