/* x87 and SSE arithmetic as printf shows it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    volatile double x = argc > 1 ? atof(argv[1]) : 2.0;
    volatile long double l = 1.0L / 3.0L;
    volatile float f = 0.1f;
    printf("sqrt=%.15g\n", sqrt(x));
    printf("sin=%.12f exp=%.12e\n", sin(x), exp(x));
    printf("long double=%.18Lf\n", l);
    printf("float=%.9g\n", f * 3);
    printf("strtod=%g\n", strtod("6.02214076e23", NULL));
    printf("int conversion=%d\n", (int)(x * 1000.5));
    return 0;
}
