// The Z3 C API, seen by Swift through the CZ3 module. Only Z3Kit imports it.
#include <z3.h>
