/// 64-bit fingerprints of encoded states.
///
/// The explorer stores fingerprints, not states: two distinct states that collide
/// would make one of them look visited. With a well-mixed hash the chance of any
/// collision among n states is about n²/2⁶⁵, which `collisionProbability` reports.
public enum Fingerprint {
    /// A fingerprint of `count` words; never zero (zero marks empty slots).
    @inline(__always)
    public static func of(_ words: UnsafePointer<UInt64>, count: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        for i in 0..<count {
            h = mix(h ^ words[i]) &+ 0x2545_F491_4F6C_DD1D
        }
        h = mix(h)
        return h == 0 ? 1 : h
    }

    /// A strong 64-bit finaliser (the MurmurHash3 one): every input bit affects every output bit.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    /// The approximate probability that some two of `states` distinct states share a fingerprint.
    public static func collisionProbability(states: Int) -> Double {
        let n = Double(states)
        return n * (n - 1) / 2 / 18_446_744_073_709_551_616.0
    }
}
