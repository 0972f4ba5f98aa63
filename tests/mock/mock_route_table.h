/* Method + path -> operation. */
#ifndef DD_MOCK_ROUTE_TABLE_H
#define DD_MOCK_ROUTE_TABLE_H

#include <stddef.h>

#include "mock_routes.h"

mock_handler route_handler(mock_route_id r);
/* The route, or -1: then allow holds the methods the path accepts (405) or
 * is empty (404). */
int route_match(const char *method, const char *path, const char **param, char *allow,
                size_t allow_len);

#endif
