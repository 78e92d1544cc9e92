#ifndef DYNAMO_CNCURSES_SHIM_H
#define DYNAMO_CNCURSES_SHIM_H
// Swift cannot import ncurses' macros and mutable globals; these inline wrappers expose them.
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pair(int n) { return COLOR_PAIR(n); }
static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cn_a_normal(void) { return (int)A_NORMAL; }
static inline int cn_a_bold(void) { return (int)A_BOLD; }
static inline int cn_a_reverse(void) { return (int)A_REVERSE; }
static inline int cn_a_dim(void) { return (int)A_DIM; }
static inline int cn_a_underline(void) { return (int)A_UNDERLINE; }
static inline int cn_attrset(int attrs) { return wattrset(stdscr, attrs); }
static inline int cn_mvaddstr(int y, int x, const char *s) { return mvwaddstr(stdscr, y, x, s); }
static inline int cn_addstr(const char *s) { return waddstr(stdscr, s); }
static inline int cn_get_wch(wint_t *ch) { return wget_wch(stdscr, ch); }
static inline void cn_timeout(int ms) { wtimeout(stdscr, ms); }
#endif
