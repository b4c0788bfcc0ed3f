@testable import ExplicitEngine
import Testing

/// The table of states outside the constraint already judged.
@Suite("Judged cache")
struct JudgedCacheTests {
    @Test("a fingerprint is new once; a slot keeps only its last fingerprint, so a forgotten one is new again")
    func slots() {
        let cache = JudgedCache()
        defer { cache.release() }
        // 5 and 6 share the slot of the top bits 0; the third lies in the last slot.
        let third: UInt64 = 1 << 63 | 5
        #expect(cache.insert(5))
        #expect(!cache.insert(5))
        #expect(cache.insert(third))
        #expect(!cache.insert(5))
        #expect(cache.insert(6))
        #expect(!cache.insert(6))
        #expect(!cache.insert(third))
        #expect(cache.insert(5))
    }
}
