/// A statement of an action body or of the initial-state block.
///
/// Statements run in order and see the effect of the ones before them, as in the
/// pseudo-code of protocol papers. `choose` and `either` branch: each branch that
/// passes its `require`s yields its own successor state.
public indirect enum Statement: Hashable, Codable, Sendable {
    /// Store a value at a place (a variable, or a path into one).
    case assign(Place, Expr, SourceLocation)
    /// Continue only if the condition holds; otherwise this branch yields no state.
    case require(Expr, SourceLocation)
    /// Run statements in order.
    case block([Statement])
    /// Run one of two statements depending on a condition.
    case ifThenElse(Expr, Statement, Statement, SourceLocation)
    /// Branch once for each element of a set, binding it to the name.
    case choose(String, Expr, Statement, SourceLocation)
    /// Branch once for each alternative.
    case either([Statement], SourceLocation)
    /// Run the body once for each element of a set, in order, binding it to the name.
    case forEach(String, Expr, Statement, SourceLocation)
    /// Bind a name to a value for the body.
    case letIn(String, Expr, Statement, SourceLocation)

    public static let skip = Statement.block([])
}

/// A storage location: a state variable and a path of indices and fields into it.
public struct Place: Hashable, Codable, Sendable, CustomStringConvertible {
    public var variable: String
    public var path: [Component]

    public enum Component: Hashable, Codable, Sendable {
        /// `f[x]` of a function, or `s[i]` of a sequence.
        case index(Expr)
        /// A field of a record.
        case field(String)
    }

    public init(variable: String, path: [Component] = []) {
        self.variable = variable
        self.path = path
    }

    public var description: String {
        variable + path.map { component -> String in
            switch component {
            case .index: return "[…]"
            case let .field(name): return "." + name
            }
        }.joined()
    }
}
