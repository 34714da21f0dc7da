/* Open-loop HTTP/1.1 load generator for benchmarks/api_load.py --rate (built by it with cc).
 *
 * Why C: on a 2-core machine the generator shares the CPU with the server; the asyncio one needed
 * a third of a core at 1,000 requests/s, which the server then lacked. This one keeps the same
 * schedule and the same accounting in a few per cent of a core.
 *
 * Usage: open_loop PORT RATE SECONDS CONCURRENCY REQUESTS OUT
 *   REQUESTS: complete HTTP requests, each preceded by its length (uint32, little-endian).
 *   OUT: one line per answered request: due_us latency_us status lag_us screening_id versions
 *        (due_us from the start; lag_us -1 unless the connection was free when the request was due;
 *        screening_id and versions "-" unless the answer carries them), then a last line
 *        "failures N".
 *
 * Schedule (as the asyncio generator and wrk2): CONCURRENCY keep-alive connections, each sending
 * every CONCURRENCY/RATE seconds, evenly out of phase. A request whose connection is still busy
 * when it is due is sent as soon as the connection is free, and its latency counts from when it
 * was due: a slow server cannot hide its backlog (no coordinated omission).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_RESPONSE (4 << 20)
#define TIMEOUT_NS (10LL * 1000000000LL)
#define MAX_PER_SECOND 5000

typedef struct {
    int fd;
    int busy;
    int64_t due;      /* when its next request is due (monotonic ns) */
    int64_t started;  /* when the request in flight was due */
    int64_t lag;      /* how late the request in flight was sent, -1 if its connection was busy */
    char *buf;
    size_t len, cap;
    uint64_t rng;
} Conn;

typedef struct {
    int64_t due_us, latency_us, lag_us;
    int status;
    char *id, *versions;
} Record;

static char **requests;
static uint32_t *request_lengths;
static size_t request_count;
static Record *records;
static size_t record_count, record_cap;
static long failures;
static long budget;      /* requests left to send */
static int64_t interval; /* between two requests of one connection (ns) */

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(2);
}

static void load_requests(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) die(path);
    size_t cap = 1024;
    requests = malloc(cap * sizeof *requests);
    request_lengths = malloc(cap * sizeof *request_lengths);
    uint32_t n;
    while (fread(&n, sizeof n, 1, f) == 1) {
        if (request_count == cap) {
            cap *= 2;
            requests = realloc(requests, cap * sizeof *requests);
            request_lengths = realloc(request_lengths, cap * sizeof *request_lengths);
        }
        char *r = malloc(n);
        if (fread(r, 1, n, f) != n) die("truncated requests file");
        requests[request_count] = r;
        request_lengths[request_count++] = n;
    }
    fclose(f);
    if (request_count == 0) {
        fprintf(stderr, "no requests in %s\n", path);
        exit(2);
    }
}

static int connect_to(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");
    return fd;
}

static uint64_t next_random(uint64_t *state) { /* xorshift64: each connection its own bodies */
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

static int send_request(Conn *c, int64_t due, int64_t now, int waited) {
    size_t k = next_random(&c->rng) % request_count;
    const char *p = requests[k];
    size_t left = request_lengths[k];
    while (left > 0) { /* blocking socket: small requests go in one write */
        ssize_t w = write(c->fd, p, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    c->busy = 1;
    c->started = due;
    c->lag = waited ? now - due : -1;
    c->len = 0;
    return 0;
}

/* A connection that failed: counted, closed, not used again. */
static void drop(Conn *c) {
    failures++;
    close(c->fd);
    c->fd = -1;
}

/* Send the connection's due request; ``waited``: the connection was free when it fell due. */
static int dispatch(Conn *c, int64_t now, int waited) {
    budget--;
    if (send_request(c, c->due, now, waited) < 0) {
        drop(c);
        return 0;
    }
    c->due += interval;
    return 1;
}

/* A copy of the JSON string value of "key", or NULL. */
static char *string_value(const char *body, size_t n, const char *key) {
    const char *at = memmem(body, n, key, strlen(key));
    if (!at) return NULL;
    const char *start = at + strlen(key);
    while (start < body + n && (*start == ' ' || *start == ':')) start++;
    if (start >= body + n || *start != '"') return NULL;
    start++;
    const char *end = memchr(start, '"', (size_t)(body + n - start));
    return end ? strndup(start, (size_t)(end - start)) : NULL;
}

/* A copy of the JSON object value of "key" (no nested strings with braces expected), or NULL. */
static char *object_value(const char *body, size_t n, const char *key) {
    const char *at = memmem(body, n, key, strlen(key));
    if (!at) return NULL;
    const char *p = at + strlen(key);
    while (p < body + n && *p != '{') p++;
    int depth = 0;
    for (const char *q = p; q < body + n; q++) {
        if (*q == '{') depth++;
        if (*q == '}' && --depth == 0) return strndup(p, (size_t)(q - p + 1));
    }
    return NULL;
}

static void record(Conn *c, int64_t start, int64_t now, int status, const char *body, size_t n) {
    if (record_count == record_cap) {
        record_cap = record_cap ? record_cap * 2 : 65536;
        records = realloc(records, record_cap * sizeof *records);
    }
    Record *r = &records[record_count++];
    r->due_us = (c->started - start) / 1000;
    r->latency_us = (now - c->started) / 1000;
    r->lag_us = c->lag < 0 ? -1 : c->lag / 1000;
    r->status = status;
    r->id = status == 200 ? string_value(body, n, "\"screening_id\"") : NULL;
    r->versions = status == 200 ? object_value(body, n, "\"list_versions\"") : NULL;
}

/* 1: a whole response is in c->buf (recorded), 0: more to read. */
static int response_done(Conn *c, int64_t start, int64_t now) {
    char *head_end = memmem(c->buf, c->len, "\r\n\r\n", 4);
    if (!head_end) return 0;
    size_t head = (size_t)(head_end - c->buf) + 4;
    size_t length = 0;
    for (char *line = c->buf; line < head_end; line = strstr(line, "\r\n") + 2) {
        if (strncasecmp(line, "content-length:", 15) == 0) length = strtoul(line + 15, NULL, 10);
    }
    if (c->len < head + length) return 0;
    int status = c->len > 12 ? atoi(c->buf + 9) : 0;
    record(c, start, now, status, c->buf + head, length);
    c->busy = 0;
    return 1;
}

static void arm(int timer, int64_t at) {
    struct itimerspec spec = {0};
    spec.it_value.tv_sec = at / 1000000000LL;
    spec.it_value.tv_nsec = at % 1000000000LL;
    if (timerfd_settime(timer, TFD_TIMER_ABSTIME, &spec, NULL) < 0) die("timerfd_settime");
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: %s PORT RATE SECONDS CONCURRENCY REQUESTS OUT\n", argv[0]);
        return 2;
    }
    int port = atoi(argv[1]);
    double rate = atof(argv[2]), seconds = atof(argv[3]);
    int concurrency = atoi(argv[4]);
    if (port <= 0 || rate <= 0 || seconds <= 0 || concurrency <= 0) {
        fprintf(stderr, "PORT, RATE, SECONDS and CONCURRENCY must be positive\n");
        return 2;
    }
    load_requests(argv[5]);
    budget = (long)(seconds * (rate < MAX_PER_SECOND ? rate : MAX_PER_SECOND)) + concurrency;
    interval = (int64_t)(1e9 * concurrency / rate);

    int ep = epoll_create1(0), timer = timerfd_create(CLOCK_MONOTONIC, 0);
    if (ep < 0 || timer < 0) die("epoll/timerfd");
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)concurrency};
    epoll_ctl(ep, EPOLL_CTL_ADD, timer, &ev);
    Conn *conns = calloc((size_t)concurrency, sizeof *conns);
    for (int i = 0; i < concurrency; i++) {
        conns[i].fd = connect_to(port);
        conns[i].cap = 65536;
        conns[i].buf = malloc(conns[i].cap);
        conns[i].rng = 0x9E3779B97F4A7C15ULL * (uint64_t)(i + 1);
        ev.events = EPOLLIN;
        ev.data.u32 = (uint32_t)i;
        epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
    }
    int64_t start = now_ns(), deadline = start + (int64_t)(seconds * 1e9);
    for (int i = 0; i < concurrency; i++) conns[i].due = start + interval * i / concurrency;

    struct epoll_event events[256];
    for (;;) {
        int64_t now = now_ns();
        int64_t next = INT64_MAX;
        int busy = 0;
        for (int i = 0; i < concurrency; i++) {
            Conn *c = &conns[i];
            if (c->fd < 0) continue;
            if (c->busy) {
                busy++;
                if (now - c->started > TIMEOUT_NS) drop(c); /* no answer in time */
                continue;
            }
            if (c->due >= deadline || budget <= 0) continue;
            if (c->due <= now) {
                busy += dispatch(c, now, 1);
            } else if (c->due < next) {
                next = c->due;
            }
        }
        if (!busy && next == INT64_MAX) break; /* past the deadline and all answered */
        if (next != INT64_MAX) arm(timer, next);
        int n = epoll_wait(ep, events, 256, 1000);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        now = now_ns();
        for (int e = 0; e < n; e++) {
            uint32_t i = events[e].data.u32;
            if (i == (uint32_t)concurrency) {
                uint64_t expirations;
                if (read(timer, &expirations, sizeof expirations) < 0 && errno != EAGAIN) die("timerfd");
                continue;
            }
            Conn *c = &conns[i];
            if (c->fd < 0) continue;
            if (c->len == c->cap) {
                if (c->cap >= MAX_RESPONSE) die("response too large");
                c->cap *= 2;
                c->buf = realloc(c->buf, c->cap);
            }
            ssize_t got = read(c->fd, c->buf + c->len, c->cap - c->len);
            if (got <= 0) {
                if (got < 0 && errno == EINTR) continue;
                drop(c);
                continue;
            }
            c->len += (size_t)got;
            if (c->busy && response_done(c, start, now) && c->due <= now && c->due < deadline &&
                budget > 0) {
                dispatch(c, now, 0); /* overdue: sent now, timed from when it was due */
            }
        }
    }

    FILE *out = fopen(argv[6], "w");
    if (!out) die(argv[6]);
    for (size_t k = 0; k < record_count; k++) {
        Record *r = &records[k];
        fprintf(out, "%lld\t%lld\t%d\t%lld\t%s\t%s\n", (long long)r->due_us, (long long)r->latency_us,
                r->status, (long long)r->lag_us, r->id ? r->id : "-", r->versions ? r->versions : "-");
    }
    fprintf(out, "failures %ld\n", failures);
    fclose(out);
    return 0;
}
