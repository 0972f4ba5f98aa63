/* What an operator types to confirm a destructive request on one named item
 * (a Salesforce org delete), shared by the console and the command line so
 * that both ask for the same text and judge the answer alike.
 *
 * The rule: the operator types what the screen shows. A name is cleaned as
 * server text is for a terminal (sanitize.h: control characters become
 * their picture glyphs, bidi controls go, invalid UTF-8 becomes U+FFFD, '?'
 * in ASCII mode), then folded: every invisible character (Unicode format
 * characters, category Cf, and the other Default_Ignorable_Code_Point
 * characters of Unicode 15, such as U+200B, U+034F or the variation
 * selectors) is dropped, every space-like character (U+0020, the Zs
 * spaces such as U+00A0, U+2028, U+2029) counts as one space, runs of them
 * as one, and blanks at either end go. The typed answer is folded the same
 * way before the two are compared byte for byte.
 *
 * The id stands in for the name, and the prompt says why, when the name
 * cannot tell the item apart: it is missing or folds to nothing, another
 * item's name folds to the same text, or it folds to more than
 * DD_CONFIRM_TEXT_MAX - 1 bytes (a name too long to type). */
#ifndef DD_CONFIRM_TEXT_H
#define DD_CONFIRM_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

#define DD_CONFIRM_TEXT_MAX 256   /* bytes, NUL included */

typedef struct dd_confirm_text {
    char text[DD_CONFIRM_TEXT_MAX]; /* what to type, exactly as the prompt shows it */
    bool by_id;                     /* the item's id, not its name */
    const char *why;                /* static; why the id when by_id, else NULL
                                     * (a clause: "its name is empty once cleaned") */
} dd_confirm_text;

/* Folds s (NUL-terminated, any bytes; NULL reads as "") as the rule above
 * says, with the cleaning flags of sanitize.h (dd_sanitize_mode in the
 * programs), into out (cap bytes, always NUL-terminated when cap > 0).
 * Returns the folded length in bytes; a result of cap or more means it did
 * not fit (out then holds a prefix cut on a character boundary). -1 when
 * out of memory. */
long dd_confirm_fold(const char *s, unsigned flags, char *out, size_t cap);

/* What confirms deleting l->items[i] (i < l->n): its folded name, or its
 * folded id with the reason. 0 on success, -1 when out of memory. The id
 * itself is used when even it folds to nothing or too long, so the text is
 * never empty for a non-empty id. */
int dd_confirm_sf_text(const dd_sf_list *l, size_t i, unsigned flags, dd_confirm_text *out);

/* Whether typed (one line as read, NUL-terminated) is the confirmation:
 * without ASCII blanks and line ends at either end, folded, it equals
 * c->text. False when out of memory. */
bool dd_confirm_text_matches(const dd_confirm_text *c, const char *typed, unsigned flags);

#endif
