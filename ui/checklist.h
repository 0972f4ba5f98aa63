/* A list of connection types with tick boxes: the documented ones plus any
 * the server sent that this version does not know (kept unless unticked). */
#ifndef DD_UI_CHECKLIST_H
#define DD_UI_CHECKLIST_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>


#define CHECKLIST_MAX 16

typedef struct checklist {
    char *names[CHECKLIST_MAX];
    bool on[CHECKLIST_MAX];
    bool known[CHECKLIST_MAX];
    size_t n, cur;
} checklist;

/* Known types first, then the row's unknown ones; ticked as the row has
 * them (types may be NULL for a new connection). 0 on success. */
int checklist_init(checklist *cl, const char *const *types, size_t n_types);
void checklist_free(checklist *cl);
size_t checklist_count_on(const checklist *cl);
/* The ticked names, in list order (pointers into cl). */
size_t checklist_selected(const checklist *cl, const char **out, size_t cap);
void checklist_draw(WINDOW *win, int y, int x, int w, const checklist *cl, bool focused);
/* Up/Down/j/k move, Space toggles. True when handled. */
bool checklist_key(checklist *cl, bool is_key, wint_t ch);

#endif
