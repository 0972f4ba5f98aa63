/* Constructors of the dialogs (one file each). Each returns a dialog ready
 * for app_open_dialog, or NULL when there is nothing to act on. */
#ifndef DD_UI_DIALOGS_H
#define DD_UI_DIALOGS_H

#include "dialog.h"

dialog *dlg_help_new(app *a);
dialog *dlg_conn_delete_new(app *a, const dd_conn *c);
dialog *dlg_types_new(app *a, const dd_conn *c);
dialog *dlg_create_new(app *a);
/* A create from the org map's row from (NULL: the org of the keys in use).
 * Outside the account view only the keys' own org may be the source: for
 * another, the message says how to get there and no form opens. */
struct dd_orgmap_row;
dialog *dlg_create_new_from(app *a, const struct dd_orgmap_row *from);
dialog *dlg_sf_delete_new(app *a, const dd_sf_org *o);
dialog *dlg_disable_new(app *a);
dialog *dlg_profile_new(app *a);
dialog *dlg_server_filter_new(app *a);
dialog *dlg_quit_new(app *a);
dialog *dlg_message_new(app *a);

#endif
