/* The terminal around curses: start and restore, signals, stderr captured
 * while curses owns the screen, and the fatal path (restore first, then
 * print). */
#ifndef DD_UI_TERM_H
#define DD_UI_TERM_H

#include <poll.h>
#include <stddef.h>
#include <stdbool.h>

/* Starts curses on the terminal; false with a message in why. Signals
 * from then on: SIGINT, SIGTERM and SIGHUP ask the loop to quit (see
 * term_poll, term_quit_signal); SIGQUIT, the crash signals (SEGV, BUS, FPE,
 * ILL, ABRT, TRAP, SYS), XCPU, XFSZ, USR1, USR2, ALRM and VTALRM restore
 * the terminal from the handler (async-signal-safe: precomputed terminfo
 * bytes and the saved tty modes), then end the process with the signal's
 * default action (a fault the kernel sent goes back to the handler it had
 * before, such as a sanitizer's). A signal ignored at start stays
 * ignored. */
bool term_start(char *why, size_t n);
/* Restores the terminal and prints what was written to stderr meanwhile;
 * the signal handlers of the crash path are removed (the quit ones stay).
 * Safe to call twice. */
void term_end(void);
/* poll() that lets SIGWINCH/SIGINT/SIGTERM/SIGHUP in only while waiting. */
int term_poll(struct pollfd *fds, int n, int timeout_ms);
/* Ctrl-C, SIGTERM or SIGHUP arrived. */
bool term_quit_requested(void);
/* The signal (SIGINT, SIGTERM, SIGHUP) that asked to quit; 0 when none. */
int term_quit_signal(void);
/* The console asked for mouse reports: a signal's restore ends them too.
 * Call after term_start, before any signal may come from it. */
void term_mouse_on(void);
/* Restores the terminal, then prints the message. */
void term_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
