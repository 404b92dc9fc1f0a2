/*
 * banned.h - functions this project never calls.
 *
 * Included by every translation unit through core/error.h. Each banned name is
 * redefined to an undeclared identifier so that a use fails to compile. Use
 * strbuf, snprintf, strtol/strtoll with end checks, and memcpy with lengths.
 */
#ifndef OW_BANNED_H
#define OW_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef gets
#define gets(x) BANNED(gets)

#endif
