/// The spec DSL: the module spec files import.
///
/// Everything here builds `SpecIR` data; nothing is kept as a Swift closure, so
/// the explicit and symbolic engines both read exactly what the author wrote.
@_exported import SpecIR
