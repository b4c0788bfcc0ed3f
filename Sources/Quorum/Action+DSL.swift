extension Action: SpecComponent {
    public func add(to parts: inout SpecParts) { parts.actions.append(self) }

    /// An action without parameters.
    public init(_ name: String, file: String = #filePath, line: Int = #line,
                @StatementBuilder _ body: () -> [Statement]) {
        self.init(name: name, body: body().block, location: SourceLocation(file: file, line: line))
    }

    /// An action taken once for each value of a domain.
    public init(_ name: String, over a: some Domain, file: String = #filePath, line: Int = #line,
                @StatementBuilder _ body: (Term) -> [Statement]) {
        let names = Action.parameterNames([a.bindingName])
        self.init(name: name, parameters: [ActionParameter(name: names[0], range: a.members.expr)],
                  body: body(Term(.bound(names[0]))).block, location: SourceLocation(file: file, line: line))
    }

    /// An action taken once for each pair of values.
    public init(_ name: String, over a: some Domain, _ b: some Domain, file: String = #filePath, line: Int = #line,
                @StatementBuilder _ body: (Term, Term) -> [Statement]) {
        let names = Action.parameterNames([a.bindingName, b.bindingName])
        self.init(name: name, parameters: [
            ActionParameter(name: names[0], range: a.members.expr),
            ActionParameter(name: names[1], range: b.members.expr),
        ], body: body(Term(.bound(names[0])), Term(.bound(names[1]))).block,
                  location: SourceLocation(file: file, line: line))
    }

    /// An action taken once for each triple of values.
    public init(_ name: String, over a: some Domain, _ b: some Domain, _ c: some Domain,
                file: String = #filePath, line: Int = #line,
                @StatementBuilder _ body: (Term, Term, Term) -> [Statement]) {
        let names = Action.parameterNames([a.bindingName, b.bindingName, c.bindingName])
        self.init(name: name, parameters: [
            ActionParameter(name: names[0], range: a.members.expr),
            ActionParameter(name: names[1], range: b.members.expr),
            ActionParameter(name: names[2], range: c.members.expr),
        ], body: body(Term(.bound(names[0])), Term(.bound(names[1])), Term(.bound(names[2]))).block,
                  location: SourceLocation(file: file, line: line))
    }

    /// Distinct names for parameters, numbering repeats (`rm1`, `rm2`).
    static func parameterNames(_ bases: [String]) -> [String] {
        bases.enumerated().map { index, base in
            bases.filter { $0 == base }.count > 1
                ? base + String(bases[...index].filter { $0 == base }.count) : base
        }
    }
}
