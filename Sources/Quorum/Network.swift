/// A built-in network: a state variable of messages in flight, with send and receive,
/// and the network's own faults as actions.
///
/// The semantics are configuration, not protocol code: the same protocol actions
/// run over a network that keeps every message forever (`.set`), one whose
/// messages are consumed on delivery (`.bag`), or per-pair FIFO channels
/// (`.fifo`); loss and duplication are extra actions taken by the network.
/// Everything desugars to ordinary IR variables and actions, so both engines
/// give it the same meaning.
public struct Network: SpecComponent {
    public enum Semantics: Sendable {
        /// A message once sent stays deliverable forever, any number of times, in any order
        /// (the message sets of the TLA+ Paxos and two-phase commit specs).
        case set
        /// Delivery consumes one copy; at most `maxCopies` copies of a message are in flight and,
        /// when `maxDistinct` is given, at most that many distinct messages (stored as slots, so
        /// messages may range over large sorts, such as requests carrying log entries).
        case bag(maxCopies: Int, maxDistinct: Int? = nil)
        /// One queue per ordered pair of nodes, of at most `capacity` messages; delivery takes the head.
        case fifo(between: Sort, capacity: Int)
    }

    public let name: String
    public let message: Sort
    public let semantics: Semantics
    /// The network may lose any message in flight.
    public let lossy: Bool
    /// The network may duplicate a message in flight (bag semantics).
    public let duplicating: Bool
    let location: SourceLocation

    public init(_ name: String = "network", of message: some SortConvertible, _ semantics: Semantics = .set,
                lossy: Bool = false, duplicating: Bool = false, file: String = #filePath, line: Int = #line) {
        self.name = name
        self.message = message.sort
        self.semantics = semantics
        self.lossy = lossy
        self.duplicating = duplicating
        location = SourceLocation(file: file, line: line)
    }

    /// The sort of the network variable.
    public var sort: Sort {
        switch semantics {
        case .set: return .set(element: message)
        case let .bag(maxCopies, maxDistinct): return .bag(element: message, maxCopies: maxCopies, maxDistinct: maxDistinct)
        case let .fifo(nodes, capacity):
            return .function(domain: nodes, codomain: .function(domain: nodes, codomain: .sequence(element: message, capacity: capacity)))
        }
    }

    /// The network variable itself.
    public var term: Term { Term(.variable(name)) }

    /// The distinct messages in flight, as a set (for unordered networks).
    public var messages: Term {
        switch semantics {
        case .set: return term
        case .bag: return term.support
        case .fifo: return Term(.invalid("messages in flight of a FIFO network are per channel: use channel(from:to:)"))
        }
    }

    /// The queue from one node to another (FIFO networks).
    public func channel(from sender: Term, to receiver: Term) -> Term { term[sender][receiver] }

    /// Puts a message in flight (unordered networks).
    public func send(_ message: Term) -> Assignment {
        switch semantics {
        case .set: return term <- term.inserting(message)
        case .bag: return term <- term.adding(message)
        case .fifo: return Term(.invalid("a FIFO network needs send(_:from:to:)")) <- message
        }
    }

    /// Takes one copy of a delivered message out of the network (bag semantics; a set keeps it).
    public func discard(_ message: Term) -> Assignment {
        switch semantics {
        case .bag: return term <- term.removingCopy(message)
        case .set: return term <- term
        case .fifo: return Term(.invalid("a FIFO network discards by receive(at:from:)")) <- message
        }
    }

    /// Answers a request: the response goes in flight and one copy of the request leaves it.
    public func reply(_ response: Term, to request: Term) -> Assignment {
        switch semantics {
        case .bag: return term <- term.removingCopy(request).adding(response)
        case .set: return term <- term.inserting(response)
        case .fifo: return Term(.invalid("a FIFO network needs send(_:from:to:)")) <- response
        }
    }

    /// Appends a message to the channel from `sender` to `receiver` (FIFO networks).
    public func send(_ message: Term, from sender: Term, to receiver: Term) -> Assignment {
        channel(from: sender, to: receiver) <- channel(from: sender, to: receiver).appending(message)
    }

    /// Delivers one message in flight that passes `where`, for each such message a branch.
    ///
    /// With bag semantics the delivered copy leaves the network; with set semantics it stays.
    public func receive(where accept: (Term) -> Term = { _ in true },
                        @StatementBuilder _ body: (Term) -> [Statement]) -> Choose {
        let semantics = self.semantics
        let network = term
        return Choose(messages.named("m")) { m in
            Require(accept(m))
            if case .bag = semantics { network <- network.removingCopy(m) }
            body(m)
        }
    }

    /// Delivers the head of a channel into `receiver`, one branch per non-empty channel (FIFO networks).
    public func receive(at receiver: Term, from senders: Sort,
                        @StatementBuilder _ body: (_ message: Term, _ sender: Term) -> [Statement]) -> Choose {
        let network = self
        return Choose(senders.named("sender")) { sender in
            Require(!network.channel(from: sender, to: receiver).isEmpty)
            Let(network.channel(from: sender, to: receiver)[1]) { head in
                network.channel(from: sender, to: receiver) <- network.channel(from: sender, to: receiver).dropping(1)
                body(head, sender)
            }
        }
    }

    public func add(to parts: inout SpecParts) {
        parts.extraVariables.append(Spec.Variable(name: name, sort: sort, location: location))
        parts.initial.append(.assign(Place(variable: name), emptyValue, location))
        let network = term
        switch semantics {
        case .set:
            if lossy {
                parts.actions.append(Action(name: "\(name).drop", parameters: [ActionParameter(name: "m", range: network.expr)],
                                            body: .assign(Place(variable: name), network.removing(Term(.bound("m"))).expr, location),
                                            location: location, origin: .network))
            }
        case .bag:
            if lossy {
                parts.actions.append(Action(name: "\(name).drop", parameters: [ActionParameter(name: "m", range: network.support.expr)],
                                            body: .assign(Place(variable: name), network.removingCopy(Term(.bound("m"))).expr, location),
                                            location: location, origin: .network))
            }
            if duplicating, case let .bag(maxCopies, _) = semantics {
                // Duplication stays within the bag's declared bound on copies.
                let m = Term(.bound("m"))
                parts.actions.append(Action(name: "\(name).duplicate", parameters: [ActionParameter(name: "m", range: network.support.expr)],
                                            body: .block([
                                                .require((network.copies(of: m) < .int(maxCopies)).expr, location),
                                                .assign(Place(variable: name), network.adding(m).expr, location),
                                            ]),
                                            location: location, origin: .network))
            }
        case let .fifo(nodes, _):
            if lossy {
                let from = Term(.bound("from"))
                let to = Term(.bound("to"))
                let queue = channel(from: from, to: to)
                parts.actions.append(Action(
                    name: "\(name).drop",
                    parameters: [ActionParameter(name: "from", range: .universe(nodes)), ActionParameter(name: "to", range: .universe(nodes))],
                    body: .block([
                        .require((!queue.isEmpty).expr, location),
                        .assign(queue.expr.place!, queue.dropping(1).expr, location),
                    ]),
                    location: location, origin: .network))
            }
        }
    }

    var emptyValue: Expr {
        switch semantics {
        case .set, .bag: return .literal(.empty, sort)
        case let .fifo(nodes, _):
            let count = nodes.cardinality ?? 0
            let row = Value.tuple(Array(repeating: .empty, count: count))
            return .literal(.tuple(Array(repeating: row, count: count)), sort)
        }
    }
}

extension Network: StatementConvertible {
    /// Listed inside an `Initial` block, nothing; the network sets itself up as a spec component.
    public func statement(at location: SourceLocation) -> Statement { .skip }
}
