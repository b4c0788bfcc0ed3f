/// The states of one breadth-first level, waiting to be expanded, as packed words.
///
/// Storing the encoded words (not decoded values) keeps a level compact; each
/// entry also remembers the state's index in the trace log.
struct Frontier {
    let stride: Int
    private(set) var words: [UInt64] = []
    private(set) var indices: [UInt32] = []

    init(stride: Int) {
        self.stride = stride
    }

    var count: Int { indices.count }
    var isEmpty: Bool { indices.isEmpty }

    mutating func append(_ state: UnsafePointer<UInt64>, index: UInt32) {
        words.append(contentsOf: UnsafeBufferPointer(start: state, count: stride))
        indices.append(index)
    }

    /// Bytes held by this level.
    var bytes: Int { words.capacity * 8 + indices.capacity * 4 }
}
