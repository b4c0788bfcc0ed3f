import Glibc

/// The states waiting to be expanded, first in first out, as packed words.
///
/// A queue of fixed-size chunks: appending never copies what is already queued,
/// and a chunk is freed as soon as the search has taken every state out of it, so
/// the frontier holds little more than the states actually waiting (in practice
/// about one breadth-first level). Each entry also remembers the state's index in
/// the trace log.
struct Frontier {
    let stride: Int
    static let chunkStates = 1 << 14
    private var chunks: [(words: UnsafeMutablePointer<UInt64>, indices: UnsafeMutablePointer<UInt32>)] = []
    /// The chunk and position of the next state to take.
    private var head = 0
    private var headPosition = 0
    /// Filled entries of the last chunk.
    private var tailPosition = Frontier.chunkStates
    private(set) var count = 0

    init(stride: Int) {
        self.stride = stride
    }

    var isEmpty: Bool { count == 0 }

    mutating func append(_ state: UnsafePointer<UInt64>, index: UInt32) {
        if tailPosition == Self.chunkStates {
            chunks.append((malloc(Self.chunkStates * stride * 8)!.assumingMemoryBound(to: UInt64.self),
                           malloc(Self.chunkStates * 4)!.assumingMemoryBound(to: UInt32.self)))
            tailPosition = 0
        }
        let chunk = chunks[chunks.count - 1]
        (chunk.words + tailPosition * stride).update(from: state, count: stride)
        chunk.indices[tailPosition] = index
        tailPosition += 1
        count += 1
    }

    /// Copies the oldest state into `state` and returns its trace-log index.
    mutating func removeFirst(into state: UnsafeMutablePointer<UInt64>) -> UInt32 {
        let chunk = chunks[head]
        state.update(from: chunk.words + headPosition * stride, count: stride)
        let index = chunk.indices[headPosition]
        headPosition += 1
        count -= 1
        let lastOfChunk = headPosition == Self.chunkStates || (head == chunks.count - 1 && headPosition == tailPosition)
        if lastOfChunk {
            free(chunk.words)
            free(chunk.indices)
            head += 1
            headPosition = 0
            if head == chunks.count {
                chunks.removeAll(keepingCapacity: true)
                head = 0
                tailPosition = Self.chunkStates
            } else if head >= 64 {
                chunks.removeFirst(head)
                head = 0
            }
        }
        return index
    }

    func release() {
        for chunk in chunks[head...] {
            free(chunk.words)
            free(chunk.indices)
        }
    }
}
