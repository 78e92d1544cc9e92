#ifndef DYNAMO_CNCURSES_SHIM_H
#define DYNAMO_CNCURSES_SHIM_H
// Swift cannot import ncurses' macros and mutable globals; these inline wrappers expose them.
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncursesw/curses.h>

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_color_pair(int n) { return COLOR_PAIR(n); }
static inline int cn_key_resize(void) { return KEY_RESIZE; }
#endif
