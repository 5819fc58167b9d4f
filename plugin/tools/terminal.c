/* terminal.c - colour and width for annals-search's text output. */
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tools/terminal.h"

int term_color(int fd)
{
    const char *no = getenv("NO_COLOR");
    return isatty(fd) && !(no && *no);
}

unsigned term_width(int fd)
{
    const char *cols = getenv("COLUMNS");
    if (cols && *cols) {
        char *end;
        long v = strtol(cols, &end, 10);
        if (!*end && v >= 1 && v <= 10000) return (unsigned)v;
    }
    if (!isatty(fd)) return 0;
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}
