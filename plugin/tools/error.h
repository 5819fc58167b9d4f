/* error.h - the tools' one line on stderr for an error that ends them. */
#ifndef ANNALS_TOOLS_ERROR_H
#define ANNALS_TOOLS_ERROR_H

/* Writes "TOOL: MESSAGE" and a newline on stderr; returns 2, the tools'
 * exit status for usage, query and database errors. */
int tool_error(const char *tool, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
