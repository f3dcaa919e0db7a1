#include <stdio.h>
#include <sqlite3.h>

int main(void) {
    printf("notes, on SQLite %s\n", sqlite3_libversion());
    return 0;
}
