/* Connected Salesforce orgs: list and disconnect. */
#include <string.h>

#include "mock_json.h"
#include "mock_routes.h"

static void add_opt(cJSON *o, const char *name, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, name, v);
}

void route_list_salesforce(mock_world *s, const mock_req *rq, mock_resp *rs)
{
    (void)rq;
    cJSON *doc = cJSON_CreateObject();
    cJSON *data = cJSON_AddArrayToObject(doc, "data");
    for (size_t i = 0; i < s->nsf; i++) {
        const mock_sf_org *f = s->sf[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", f->id);
        cJSON_AddStringToObject(o, "type", "salesforce-incidents-org");
        cJSON *a = cJSON_AddObjectToObject(o, "attributes");
        add_opt(a, "instance_url", f->instance_url);
        add_opt(a, "name", f->name);
        add_opt(a, "sfdc_org_id", f->sfdc_org_id);
        add_opt(a, "sfdc_org_type", f->sfdc_org_type);
        cJSON_AddItemToArray(data, o);
    }
    rs->status = 200;
    rs->json = doc;
}

void route_delete_salesforce(mock_world *s, const mock_req *rq, mock_resp *rs)
{
    /* The documented id is 1 to 100 characters. */
    size_t len = strlen(rq->param);
    if (len < 1 || len > 100) {
        resp_error(rs, 400, "salesforce_org_id must be between 1 and 100 characters");
        return;
    }
    long i = state_sf_index(s, rq->param);
    if (i < 0) {
        resp_error(rs, 404, "Salesforce organization %s not found", rq->param);
        return;
    }
    state_del_sf(s, (size_t)i);
    rs->status = 204;
    rs->json = NULL;
}
