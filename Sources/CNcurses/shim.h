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
static inline int cn_key_mouse(void) { return KEY_MOUSE; }
// Every button event but motion, reported at once (no click-interval wait). Releases must be in the
// mask: ncurses reads on (blocking) past a report the mask leaves out, so a release would stall the loop.
static inline void cn_enable_mouse(void) {
    mmask_t mask = ALL_MOUSE_EVENTS;
#ifdef BUTTON5_PRESSED
    mask |= BUTTON5_PRESSED;
#endif
    mousemask(mask, NULL);
    mouseinterval(0);
}
// The pending mouse event: 1 a left click, 4 wheel up, 5 wheel down, 0 anything else; -1 none.
static inline int cn_get_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return -1;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON4_PRESSED) return 4;
#ifdef BUTTON5_PRESSED
    if (event.bstate & BUTTON5_PRESSED) return 5;
#endif
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    return 0;
}
#endif
