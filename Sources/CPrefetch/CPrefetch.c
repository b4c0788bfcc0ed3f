/* Empty: CPrefetch is a header of inline functions. */
