#include <stdio.h>
int main(int c, char **v) { puts("hello"); return 0; }
