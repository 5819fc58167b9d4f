/* year-list.h - a hit's years as people read them: consecutive years as
 * one span, "1905–1920, 1923, 1925–1926". */
#ifndef ANNALS_YEAR_LIST_H
#define ANNALS_YEAR_LIST_H

#include <stddef.h>
#include <stdio.h>

/* Writes the n years (ascending) to out, each run of consecutive years as
 * its first and last joined by an en dash, the runs separated by ", ";
 * nothing when n is 0. */
void year_list(FILE *out, const int *years, size_t n);

#endif
