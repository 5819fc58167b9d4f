/* test-shim-stub.c - stub databases read by the shim (shim/xap_open.cc):
 * relative paths against the stub's own directory, comments and blank
 * lines, stub directories and nested stubs; each bad line an error naming
 * the stub and the line; a remote shard that cannot be reached left out
 * with what went wrong, and xap_db_recover leaving out the shard a failure
 * names.  Works in a scratch directory made with mkdtemp, and on
 * 127.0.0.1 only. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shim/xap.h"
#include "check.h"

static char dir[] = "/tmp/annals-test-stub-XXXXXX";

static const char *scratch(const char *name)
{
    return scratch_path(dir, name);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs(text, f);
    CHECK_INT(fclose(f), 0);
}

/* A Glass database at name holding ndocs documents. */
static void make_db(const char *name, int ndocs)
{
    xap_err err;
    xap_wdb *w = NULL;
    CHECK_INT(xap_wdb_open(scratch(name), 0, &w, &err), XAP_OK);
    for (int i = 0; w && i < ndocs; i++) {
        char id[16];
        snprintf(id, sizeof id, "Q%d", i);
        xap_doc *doc = xap_doc_new();
        CHECK(doc != NULL);
        CHECK_INT(xap_doc_add_term(doc, id, strlen(id), 0, &err), XAP_OK);
        CHECK_INT(xap_wdb_replace(w, id, doc, &err), XAP_OK);
        xap_doc_free(doc);
    }
    CHECK_INT(xap_wdb_close(w, &err), XAP_OK);
}

/* Opens a stub holding text (at name); the document count, or -1 when it
 * does not open (err says why). */
static long open_count(const char *name, const char *text, xap_err *err)
{
    if (text) write_file(scratch(name), text);
    xap_db *db = NULL;
    if (xap_db_open_shards(scratch(name), 1000, &db, err) != XAP_OK) {
        CHECK(db == NULL);
        return -1;
    }
    CHECK(xap_db_missing(db, 0, NULL) == NULL);
    long n = xap_db_doccount(db);
    xap_db_close(db);
    return n;
}

static void paths(void)
{
    xap_err err;
    make_db("a/one", 1);
    make_db("b/two", 2);
    /* Comments, blank lines, paths relative to the stub's directory. */
    CHECK_INT(open_count("a/s.stub", "# two shards\n\nglass one\n#glass nowhere\nauto ../b/two\n", &err), 3);
    /* An absolute path. */
    char line[256];
    snprintf(line, sizeof line, "auto %s\n", scratch("b/two"));
    CHECK_INT(open_count("abs.stub", line, &err), 2);
    /* A stub directory: its XAPIANDB's paths are relative to the directory. */
    CHECK_INT(mkdir(scratch("sd"), 0755), 0);
    CHECK_INT(open_count("sd/XAPIANDB", "auto ../a/one\n", &err), 1);
    CHECK_INT(open_count("sd", NULL, &err), 1);
    /* A stub naming a stub: each one's paths against its own directory. */
    CHECK_INT(open_count("nested.stub", "auto a/s.stub\nauto sd\n", &err), 4);
    /* A Glass database, and an empty stub (an empty database). */
    CHECK_INT(open_count("a/one", NULL, &err), 1);
    CHECK_INT(open_count("empty.stub", "# nothing yet\n", &err), 0);
    /* A shard that is not there: Xapian's error. */
    CHECK_INT(open_count("gone.stub", "glass one\nglass nowhere\n", &err), -1);
    CHECK_INT(err.status, XAP_ERR_OPENING);
}

/* Opens a stub of one bad line (after a comment and a good one: line 3)
 * and checks the error. */
static void bad(const char *line, const char *want)
{
    char text[256], msg[512];
    snprintf(text, sizeof text, "# a stub\nauto a/one\n%s\n", line);
    xap_err err;
    err.status = XAP_OK;
    CHECK_INT(open_count("bad.stub", text, &err), -1);
    CHECK_INT(err.status, XAP_ERR_OPENING);
    snprintf(msg, sizeof msg, "%s:3: %s", scratch("bad.stub"), want);
    CHECK_STR(err.message, msg);
}

static void bad_lines(void)
{
    const char *unknown = "unknown database type (expected auto, glass or remote)";
    bad("flint a/one", unknown);
    bad("chert a/one", unknown);
    bad(" glass a/one", unknown);
    bad("glass", "no path after the database type");
    bad("auto ", "no path after the database type");
    const char *remote = "remote: expected HOST:PORT or :PROGRAM ARGS";
    bad("remote", remote);
    bad("remote localhost", remote);
    bad("remote localhost:", remote);
    const char *port = "remote: the port is not a number from 1 to 65535";
    bad("remote localhost:0", port);
    bad("remote localhost:65536", port);
    bad("remote localhost:80x", port);
    bad("remote :", "remote: no program after ':'");
    write_file(scratch("loop.stub"), "auto loop.stub\n");
    xap_err err;
    CHECK_INT(open_count("loop.stub", NULL, &err), -1);
    char msg[512];
    snprintf(msg, sizeof msg, "%s:1: stubs nested too deep", scratch("loop.stub"));
    CHECK_STR(err.message, msg);
}

/* A TCP port on 127.0.0.1 that refuses connections (bound, not listening)
 * or (listen) takes them and never answers; *fd to close when done. */
static int local_port(int listening, int *fd)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    *fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(*fd >= 0);
    CHECK_INT(bind(*fd, (struct sockaddr *)&a, sizeof a), 0);
    if (listening) CHECK_INT(listen(*fd, 4), 0);
    CHECK_INT(getsockname(*fd, (struct sockaddr *)&a, &len), 0);
    return ntohs(a.sin_port);
}

static void unreachable(void)
{
    int refusing, silent;
    int p1 = local_port(0, &refusing), p2 = local_port(1, &silent);
    char text[256], name1[64], name2[64];
    snprintf(text, sizeof text, "glass one\nremote 127.0.0.1:%d\nremote 127.0.0.1:%d\n", p1, p2);
    snprintf(name1, sizeof name1, "remote 127.0.0.1:%d", p1);
    snprintf(name2, sizeof name2, "remote 127.0.0.1:%d", p2);
    write_file(scratch("a/down.stub"), text);
    xap_err err;
    xap_db *db = NULL;
    CHECK_INT(xap_db_open_shards(scratch("a/down.stub"), 200, &db, &err), XAP_OK);
    if (db) {
        const char *why = NULL;
        CHECK_INT(xap_db_doccount(db), 1);
        CHECK_STR(xap_db_missing(db, 0, &why), name1);
        CHECK_STR(why, "connection refused");
        CHECK_STR(xap_db_missing(db, 1, &why), name2);
        CHECK_STR(why, "timed out after 0.2 s");
        CHECK(xap_db_missing(db, 2, NULL) == NULL);
        xap_db_close(db);
    }
    close(refusing);
    close(silent);
}

/* xap_db_recover over a shard served by xapian-progsrv (a remote shard
 * that needs no network); a server's own error. */
static void recovering(void)
{
    if (system("command -v xapian-progsrv >/dev/null 2>&1") != 0) {
        printf("xapian-progsrv is not installed: recovery not tested\n");
        return;
    }
    char text[256], name[256];
    snprintf(text, sizeof text, "glass one\nremote :xapian-progsrv %s\n", scratch("b/two"));
    snprintf(name, sizeof name, "remote :xapian-progsrv %s", scratch("b/two"));
    write_file(scratch("a/prog.stub"), text);
    xap_err err, failure;
    xap_db *db = NULL;
    size_t dropped = 9;
    CHECK_INT(xap_db_open_shards(scratch("a/prog.stub"), 5000, &db, &err), XAP_OK);
    if (!db) return;
    CHECK_INT(xap_db_doccount(db), 3);
    /* A failure that names no shard, all of them answering: nothing to blame. */
    failure = (xap_err){XAP_ERR_NETWORK, "connection reset by peer", ""};
    CHECK_INT(xap_db_recover(db, &failure, &dropped, &err), XAP_OK);
    CHECK_INT(dropped, 0);
    CHECK_INT(xap_db_doccount(db), 3);
    CHECK(xap_db_missing(db, 0, NULL) == NULL);
    /* The shard a failure names is left out, even when it answers again. */
    snprintf(failure.where, sizeof failure.where, "remote:prog(xapian-progsrv %s)", scratch("b/two"));
    CHECK_INT(xap_db_recover(db, &failure, &dropped, &err), XAP_OK);
    CHECK_INT(dropped, 1);
    CHECK_INT(xap_db_doccount(db), 1);
    const char *why = NULL;
    CHECK_STR(xap_db_missing(db, 0, &why), name);
    CHECK_STR(why, "connection reset by peer");
    xap_db_close(db);
    /* One that timed out is not tried again. */
    CHECK_INT(xap_db_open_shards(scratch("a/prog.stub"), 1500, &db, &err), XAP_OK);
    if (!db) return;
    failure.status = XAP_ERR_TIMEOUT;
    CHECK_INT(xap_db_recover(db, &failure, &dropped, &err), XAP_OK);
    CHECK_INT(dropped, 1);
    CHECK_STR(xap_db_missing(db, 0, &why), name);
    CHECK_STR(why, "timed out after 1.5 s");
    xap_db_close(db);
    /* A server that cannot open its database: an error naming the shard. */
    snprintf(text, sizeof text, "remote :xapian-progsrv %s\n", scratch("nowhere"));
    write_file(scratch("a/bad-server.stub"), text);
    CHECK_INT(xap_db_open_shards(scratch("a/bad-server.stub"), 5000, &db, &err), XAP_ERR_OPENING);
    snprintf(name, sizeof name, "remote :xapian-progsrv %s: REMOTE:", scratch("nowhere"));
    CHECK(strncmp(err.message, name, strlen(name)) == 0);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    CHECK_INT(mkdir(scratch("a"), 0755), 0);
    CHECK_INT(mkdir(scratch("b"), 0755), 0);
    paths();
    bad_lines();
    unreachable();
    recovering();
    CHECK_INT(remove_tree(dir), 0);
    CHECK(access(dir, F_OK) != 0);
    CHECK_DONE();
}
