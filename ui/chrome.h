/* The frame around the views: top line (tabs, profile, where requests go, lock),
 * status line (work in flight, refresh times, messages, prompt) and the
 * function bar built from the action table. */
#ifndef DD_UI_CHROME_H
#define DD_UI_CHROME_H

#include "app.h"

/* Where the console's requests go, as it names them. */
typedef enum chrome_where_kind {
    WHERE_SITE,   /* the site's own API URL: the site ("datadoghq.eu") */
    WHERE_DEMO,   /* --demo: "demo" */
    WHERE_URL,    /* any other --api-url: its host[:port] ("127.0.0.1:8126") */
} chrome_where_kind;
/* Writes the name (at most n bytes; 300 is enough) into buf, from the
 * current configuration (a profile switch keeps an --api-url, so the
 * profile's site is then not where requests go). */
chrome_where_kind chrome_where(const app *a, char *buf, size_t n);

void chrome_top(app *a);
/* Returns the cursor column when the prompt is shown, else -1. */
int chrome_status(app *a);
void chrome_fnbar(app *a);
void chrome_too_small(app *a);

#endif
