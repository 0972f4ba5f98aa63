/* Managed organizations: GET /api/v2/org, the account as the keys' org
 * sees it. */
#include <ctype.h>
#include <string.h>

#include "mock_json.h"
#include "mock_routes.h"

/* Whether needle occurs in hay, ASCII case ignored; "" occurs anywhere. */
static bool contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay;; p++) {
        size_t i = 0;
        while (i < n && p[i] && tolower((unsigned char)p[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return true;
        if (!*p)
            return false;
    }
}

static cJSON *org_ref(const mock_org *o)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "id", o->id);
    cJSON_AddStringToObject(d, "type", "orgs");
    return d;
}

void route_list_orgs(mock_world *s, const mock_req *rq, mock_resp *rs)
{
    const mock_org *me = rq->org;
    /* Listing needs org_management or org_connections_write. */
    if (me->list_orgs_denied) {
        resp_error(rs, 403, "Forbidden");
        return;
    }
    const char *filter = rq->query(rq->qctx, "filter[name]");
    cJSON *doc = cJSON_CreateObject();
    cJSON *data = cJSON_AddObjectToObject(doc, "data");
    cJSON_AddStringToObject(data, "id", me->id);
    cJSON_AddStringToObject(data, "type", "managed_orgs");
    cJSON *rels = cJSON_AddObjectToObject(data, "relationships");
    cJSON_AddItemToObject(cJSON_AddObjectToObject(rels, "current_org"), "data", org_ref(me));
    cJSON *managed = cJSON_AddArrayToObject(cJSON_AddObjectToObject(rels, "managed_orgs"), "data");
    cJSON *included = cJSON_AddArrayToObject(doc, "included");
    /* Every org of the account, the current one too (in its place in the
     * directory), filtered by name; the current org is always included,
     * since current_org names it. */
    cJSON_AddItemToArray(included, json_org(me));
    for (size_t i = 0; i < s->norgs; i++) {
        const mock_org *o = s->orgs[i];
        if (filter && !contains_nocase(o->name, filter))
            continue;
        cJSON_AddItemToArray(managed, org_ref(o));
        if (o != me)
            cJSON_AddItemToArray(included, json_org(o));
    }
    rs->status = 200;
    rs->json = doc;
}
