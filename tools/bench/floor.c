/*
 * The machine's floor for the serving benchmark: the smallest HTTP/1.1 keep-alive server, one
 * thread, epoll, answering every request with the same 200 JSON response and doing nothing else.
 * Whatever latency tail wrk measures against it belongs to the machine (scheduler, loopback, wrk),
 * not to any server, so it is the floor under mlops-serving's figures in the same run.
 *
 *   gcc -O2 -o floor tools/bench/floor.c && ./floor 18083      # listens on 127.0.0.1 only
 *
 * A request ends at its blank line ("\r\n\r\n"); a body is skipped by its Content-Length, so POSTs
 * (the paced /predict script) work too. Requests may be split across reads or pipelined.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FD 4096
#define HEAD_MAX 8192

static const char RESPONSE[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 31\r\n\r\n"
    "{\"live\":true,\"status\":\"alive\"}\n";

/* Per connection: the request head read so far, and how many body bytes are still to skip. */
struct conn {
    char head[HEAD_MAX];
    int used;
    long skip;
};

static struct conn *conns[MAX_FD];

static long content_length(const char *head, int len) {
    static const char key[] = "\r\ncontent-length:";
    for (int i = 0; i + (int) sizeof key - 1 <= len; i++) {
        if (strncasecmp(head + i, key, sizeof key - 1) == 0) {
            return strtol(head + i + sizeof key - 1, NULL, 10);
        }
    }
    return 0;
}

/* Consumes n bytes read from fd; returns the number of complete requests, or -1 for a bad one. */
static int consume(struct conn *c, const char *buf, int n) {
    int done = 0;
    for (int i = 0; i < n;) {
        if (c->skip > 0) {
            long take = n - i < c->skip ? n - i : c->skip;
            c->skip -= take;
            i += (int) take;
            continue;
        }
        if (c->used == HEAD_MAX) {
            return -1;
        }
        c->head[c->used++] = buf[i++];
        if (c->used >= 4 && memcmp(c->head + c->used - 4, "\r\n\r\n", 4) == 0) {
            c->skip = content_length(c->head, c->used);
            c->used = 0;
            done++;
        }
    }
    return done;
}

static void drop(int epoll, int fd) {
    epoll_ctl(epoll, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
    free(conns[fd]);
    conns[fd] = NULL;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 18083;
    int one = 1;
    int server = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(server, (struct sockaddr *) &addr, sizeof addr) != 0 || listen(server, 128) != 0) {
        perror("floor: bind/listen");
        return 1;
    }
    int epoll = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = server};
    epoll_ctl(epoll, EPOLL_CTL_ADD, server, &ev);
    printf("floor listening on 127.0.0.1:%d\n", port);
    fflush(stdout);

    char buf[65536];
    char out[64 * sizeof RESPONSE];
    struct epoll_event events[64];
    for (;;) {
        int n = epoll_wait(epoll, events, 64, -1);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        for (int e = 0; e < n; e++) {
            int fd = events[e].data.fd;
            if (fd == server) {
                int c = accept(server, NULL, NULL);
                if (c < 0) {
                    continue;
                }
                if (c >= MAX_FD) {
                    close(c);
                    continue;
                }
                setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                conns[c] = calloc(1, sizeof(struct conn));
                struct epoll_event ce = {.events = EPOLLIN, .data.fd = c};
                epoll_ctl(epoll, EPOLL_CTL_ADD, c, &ce);
                continue;
            }
            ssize_t got = read(fd, buf, sizeof buf);
            int requests = got > 0 ? consume(conns[fd], buf, (int) got) : -1;
            if (requests < 0) {
                drop(epoll, fd);
                continue;
            }
            /* one write for all the answers this read completed (blocking socket: tiny responses) */
            while (requests > 0) {
                int batch = requests < 64 ? requests : 64;
                for (int r = 0; r < batch; r++) {
                    memcpy(out + r * (sizeof RESPONSE - 1), RESPONSE, sizeof RESPONSE - 1);
                }
                if (write(fd, out, batch * (sizeof RESPONSE - 1)) < 0) {
                    drop(epoll, fd);
                    break;
                }
                requests -= batch;
            }
        }
    }
}
