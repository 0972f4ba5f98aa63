/* ddorgs-mock: command line, signals and the port file. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "mock_keys.h"
#include "mock_seed.h"
#include "mock_server.h"
#include "mock_time.h"

#ifndef DDORGS_VERSION
#define DDORGS_VERSION PACKAGE_VERSION
#endif

#define MAX_FAULTS 64

typedef struct options {
    int port;
    const char *port_file;
    const char *keys_file;
    const char *fixture;
    const char *rate_limit;
    const char *faults[MAX_FAULTS];
    int nfaults;
    bool flag_off;
    mock_seed_opts seed;
    mock_config cfg;
} options;

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: ddorgs-mock [OPTION]...\n"
            "Serve the Datadog org connection, managed org, Salesforce org and org disable\n"
            "API on 127.0.0.1, for an account of orgs with a key pair each.\n\n"
            "  --port N                 port to listen on (0, the default: any free port)\n"
            "  --port-file FILE         write the port there once listening\n"
            "  --bind ADDR              only 127.0.0.1 is accepted\n"
            "  --api-key KEY            the self org's DD-API-KEY (env DDORGS_MOCK_API_KEY)\n"
            "  --app-key KEY            the self org's DD-APPLICATION-KEY (env DDORGS_MOCK_APP_KEY)\n"
            "  --keys-file FILE         write every org's key pair there (mode 0600) at start\n"
            "  --seed S                 seed of the synthetic data (default 1)\n"
            "  --orgs N                 orgs in the account (default 40)\n"
            "  --connections N          org connections (default 120)\n"
            "  --self-connections N     of which the self org takes part in N (default: a third)\n"
            "  --sf-orgs N              connected Salesforce orgs (default 6)\n"
            "  --self-org-age-days N    age of the self org in days (default 2)\n"
            "  --fixture FILE           load this state instead of seeding\n"
            "  --disable-status S       pending_disable (default) or disabled\n"
            "  --disable-feature-flag on|off  org disable allowed (default on)\n"
            "  --rate-limit N/SECONDS   requests per window, org and route group\n"
            "                           (default 1000/60)\n"
            "  --share-limit N          a source org shares with at most N orgs (default: none)\n"
            "  --fault ROUTE:KEY=VALUE,...  inject a fault (repeatable)\n"
            "  --now TIME               fixed clock (RFC 3339 or epoch seconds)\n"
            "  --max-page-size N        a connections page holds N rows at most\n"
            "  --min-page-size N        a connections page holds N rows at least, whatever\n"
            "                           limit asks (while rows remain)\n"
            "  --quiet                  no per-request log lines\n"
            "  --help, --version\n\n"
            "See ddorgs-mock(1) for the fixture format, faults and control endpoints.\n");
}

__attribute__((format(printf, 1, 2))) static int bad(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "ddorgs-mock: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'ddorgs-mock --help'.\n");
    va_end(ap);
    return 2;
}

static bool parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < min || v > max)
        return false;
    *out = v;
    return true;
}

enum {
    OPT_PORT = 256, OPT_PORT_FILE, OPT_BIND, OPT_API_KEY, OPT_APP_KEY, OPT_SEED, OPT_ORGS,
    OPT_CONNS, OPT_SF, OPT_AGE, OPT_FIXTURE, OPT_DSTATUS, OPT_DFLAG, OPT_RATE, OPT_FAULT,
    OPT_NOW, OPT_QUIET, OPT_KEYS_FILE, OPT_SELF_CONNS, OPT_SHARE_LIMIT, OPT_HELP, OPT_VERSION,
    OPT_MAX_PAGE, OPT_MIN_PAGE,
};

static const struct option LONGOPTS[] = {
    {"port", required_argument, NULL, OPT_PORT},
    {"port-file", required_argument, NULL, OPT_PORT_FILE},
    {"bind", required_argument, NULL, OPT_BIND},
    {"api-key", required_argument, NULL, OPT_API_KEY},
    {"app-key", required_argument, NULL, OPT_APP_KEY},
    {"seed", required_argument, NULL, OPT_SEED},
    {"orgs", required_argument, NULL, OPT_ORGS},
    {"connections", required_argument, NULL, OPT_CONNS},
    {"sf-orgs", required_argument, NULL, OPT_SF},
    {"self-org-age-days", required_argument, NULL, OPT_AGE},
    {"fixture", required_argument, NULL, OPT_FIXTURE},
    {"disable-status", required_argument, NULL, OPT_DSTATUS},
    {"disable-feature-flag", required_argument, NULL, OPT_DFLAG},
    {"rate-limit", required_argument, NULL, OPT_RATE},
    {"fault", required_argument, NULL, OPT_FAULT},
    {"now", required_argument, NULL, OPT_NOW},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"keys-file", required_argument, NULL, OPT_KEYS_FILE},
    {"self-connections", required_argument, NULL, OPT_SELF_CONNS},
    {"share-limit", required_argument, NULL, OPT_SHARE_LIMIT},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {"max-page-size", required_argument, NULL, OPT_MAX_PAGE},
    {"min-page-size", required_argument, NULL, OPT_MIN_PAGE},
    {NULL, 0, NULL, 0},
};

/* Returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, options *o)
{
    long v;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", LONGOPTS, NULL)) != -1) {
        switch (opt) {
        case OPT_PORT:
            if (!parse_long(optarg, 0, 65535, &v))
                return bad("--port: '%s' is not a port number (0-65535)", optarg);
            o->port = (int)v;
            break;
        case OPT_PORT_FILE: o->port_file = optarg; break;
        case OPT_BIND:
            if (strcmp(optarg, "127.0.0.1") != 0)
                return bad("--bind %s: the mock only listens on 127.0.0.1", optarg);
            break;
        case OPT_API_KEY: o->cfg.api_key = optarg; break;
        case OPT_APP_KEY: o->cfg.app_key = optarg; break;
        case OPT_SEED: {
            char *end;
            errno = 0;
            unsigned long long s = strtoull(optarg, &end, 0);
            if (!*optarg || *end || errno || optarg[0] == '-')
                return bad("--seed: '%s' is not a non-negative integer", optarg);
            o->seed.seed = s;
            break;
        }
        case OPT_ORGS:
            if (!parse_long(optarg, 2, 1000000, &v))
                return bad("--orgs: '%s' is not a number from 2 to 1000000", optarg);
            o->seed.orgs = v;
            break;
        case OPT_CONNS:
            if (!parse_long(optarg, 0, 50000000, &v))
                return bad("--connections: '%s' is not a number from 0 to 50000000", optarg);
            o->seed.connections = v;
            break;
        case OPT_SF:
            if (!parse_long(optarg, 0, 100000, &v))
                return bad("--sf-orgs: '%s' is not a number from 0 to 100000", optarg);
            o->seed.sf_orgs = v;
            break;
        case OPT_AGE:
            if (!parse_long(optarg, 0, 100000, &v))
                return bad("--self-org-age-days: '%s' is not a number of days", optarg);
            o->seed.self_org_age_days = v;
            break;
        case OPT_FIXTURE: o->fixture = optarg; break;
        case OPT_DSTATUS:
            if (strcmp(optarg, "pending_disable") != 0 && strcmp(optarg, "disabled") != 0)
                return bad("--disable-status: '%s' is not pending_disable or disabled", optarg);
            o->seed.disable_status = optarg;
            break;
        case OPT_DFLAG:
            if (strcmp(optarg, "on") != 0 && strcmp(optarg, "off") != 0)
                return bad("--disable-feature-flag: '%s' is not on or off", optarg);
            o->flag_off = strcmp(optarg, "off") == 0;
            break;
        case OPT_RATE: {
            long l, p;
            if (rl_parse(optarg, &l, &p) != 0)
                return bad("--rate-limit: '%s' is not N/SECONDS", optarg);
            o->rate_limit = optarg;
            break;
        }
        case OPT_FAULT: {
            mock_fault f;
            char err[300];
            if (o->nfaults == MAX_FAULTS)
                return bad("--fault: at most %d faults", MAX_FAULTS);
            if (fault_parse_spec(optarg, &f, err, sizeof err) != 0)
                return bad("--fault: %s", err);
            o->faults[o->nfaults++] = optarg;
            break;
        }
        case OPT_NOW: {
            time_t t;
            if (mock_time_parse(optarg, &t) != 0 || t <= 0)
                return bad("--now: '%s' is not an RFC 3339 time or epoch seconds", optarg);
            o->cfg.fixed_now = t;
            break;
        }
        case OPT_QUIET: o->cfg.quiet = true; break;
        case OPT_KEYS_FILE: o->keys_file = optarg; break;
        case OPT_SELF_CONNS:
            if (!parse_long(optarg, 0, 50000000, &v))
                return bad("--self-connections: '%s' is not a number from 0 to 50000000",
                           optarg);
            o->seed.self_connections = v;
            break;
        case OPT_SHARE_LIMIT:
            if (!parse_long(optarg, 1, 1000000, &v))
                return bad("--share-limit: '%s' is not a number from 1 to 1000000", optarg);
            o->cfg.share_limit = v;
            break;
        case OPT_MAX_PAGE:
            if (!parse_long(optarg, 1, 1000000, &v))
                return bad("--max-page-size: '%s' is not a number from 1 to 1000000", optarg);
            o->cfg.max_page_size = v;
            break;
        case OPT_MIN_PAGE:
            if (!parse_long(optarg, 1, 1000000, &v))
                return bad("--min-page-size: '%s' is not a number from 1 to 1000000", optarg);
            o->cfg.min_page_size = v;
            break;
        case OPT_HELP: usage(stdout); return 0;
        case OPT_VERSION: printf("ddorgs-mock %s\n", DDORGS_VERSION); return 0;
        default:
            if (optopt)
                return bad("option '--%s' needs a value",
                           LONGOPTS[optopt - OPT_PORT].name);
            return bad("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return bad("unexpected argument '%s'", argv[optind]);
    return -1;
}

static mock_world *load_fixture(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "ddorgs-mock: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[65536];
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            char *p = realloc(text, cap);
            if (!p) {
                free(text);
                fclose(f);
                fprintf(stderr, "ddorgs-mock: %s: out of memory\n", path);
                return NULL;
            }
            text = p;
        }
        memcpy(text + len, chunk, n);
        len += n;
    }
    fclose(f);
    cJSON *doc = text ? cJSON_ParseWithLength(text, len) : NULL;
    free(text);
    char err[512] = "not a JSON document";
    mock_world *s = doc ? state_from_json(doc, err, sizeof err) : NULL;
    cJSON_Delete(doc);
    if (!s)
        fprintf(stderr, "ddorgs-mock: %s: %s\n", path, err);
    return s;
}

static int write_port_file(const char *path, int port)
{
    /* Written aside and renamed, so a reader never sees half a number. */
    size_t len = strlen(path) + 5;
    char *tmp = malloc(len);
    if (!tmp)
        return -1;
    snprintf(tmp, len, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    int rc = -1;
    if (f) {
        fprintf(f, "%d\n", port);
        if (fclose(f) == 0 && rename(tmp, path) == 0)
            rc = 0;
    }
    if (rc != 0)
        fprintf(stderr, "ddorgs-mock: cannot write %s: %s\n", path, strerror(errno));
    free(tmp);
    return rc;
}

static const char *env_or(const char *name, const char *dflt)
{
    const char *v = getenv(name);
    return v && *v ? v : dflt;
}

int main(int argc, char **argv)
{
    options o = {0};
    o.seed = (mock_seed_opts){.seed = 1, .orgs = 40, .connections = 120, .sf_orgs = 6,
                              .self_org_age_days = 2, .self_connections = -1};
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (!o.cfg.api_key)
        o.cfg.api_key = env_or("DDORGS_MOCK_API_KEY", MOCK_API_KEY);
    if (!o.cfg.app_key)
        o.cfg.app_key = env_or("DDORGS_MOCK_APP_KEY", MOCK_APP_KEY);

    static mock_server srv;
    srv.cfg = o.cfg;
    o.seed.now = server_now(&srv);
    o.seed.api_key = o.cfg.api_key;
    o.seed.app_key = o.cfg.app_key;
    char err[512];
    if (o.fixture) {
        srv.state = load_fixture(o.fixture);
        if (!srv.state)
            return 1;
    } else {
        srv.state = seed_state(&o.seed, err, sizeof err);
        if (!srv.state)
            return bad("%s", err);
    }
    if (o.flag_off)
        srv.state->disable_feature_flag = false;
    long limit = 1000, period = 60;
    if (o.rate_limit)
        rl_parse(o.rate_limit, &limit, &period);
    rl_init(&srv.rl, limit, period);
    reqlog_init(&srv.log);
    rng_init(&srv.fault_rng, o.seed.seed ^ 0x6661756cULL);
    for (int i = 0; i < o.nfaults; i++) {
        mock_fault f;
        fault_parse_spec(o.faults[i], &f, err, sizeof err);
        faults_add(&srv.faults, &f);
    }
    pthread_mutex_init(&srv.lock, NULL);

    /* Connection threads inherit this mask, so only sigwait() below sees
     * SIGTERM and SIGINT. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    int port = 0;
    if (server_start(&srv, o.port, &port, err, sizeof err) != 0) {
        fprintf(stderr, "ddorgs-mock: %s\n", err);
        return 1;
    }
    if (!o.cfg.quiet)
        fprintf(stderr, "ddorgs-mock listening on http://127.0.0.1:%d\n", port);
    /* The keys are in place before the port tells anyone to connect. */
    if (o.keys_file && keys_file_write(o.keys_file, srv.state, o.cfg.api_key, o.cfg.app_key, err,
                                       sizeof err) != 0) {
        fprintf(stderr, "ddorgs-mock: %s\n", err);
        server_stop(&srv);
        return 1;
    }
    if (o.port_file && write_port_file(o.port_file, port) != 0) {
        server_stop(&srv);
        return 1;
    }
    int sig = 0;
    while (sigwait(&stop, &sig) != 0) {
    }
    server_stop(&srv);
    if (!o.cfg.quiet)
        fprintf(stderr, "ddorgs-mock: stopped by signal %d\n", sig);
    state_free(srv.state);
    faults_clear(&srv.faults);
    reqlog_free(&srv.log);
    rl_free(&srv.rl);
    pthread_mutex_destroy(&srv.lock);
    return 0;
}
