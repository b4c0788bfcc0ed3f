#ifndef QUORUM_CPREFETCH_H
#define QUORUM_CPREFETCH_H

/// Asks the processor to bring the cache line at `address` in, for a write soon.
///
/// Swift has no prefetch of its own. The explicit engine issues one for the slots that a
/// state's successors will probe (visited set, remembered runs) before it needs them, so
/// that the misses overlap instead of following one another.
static inline void quorum_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
