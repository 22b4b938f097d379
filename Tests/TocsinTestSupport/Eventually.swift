/// Waits until `condition` holds, asking again every `interval`, for at most `timeout`; returns whether it held.
///
/// The one polling helper of the tests: a test awaits the state it needs instead of sleeping for a
/// while and hoping. A test that must show something did *not* happen waits for a later event that
/// proves the earlier one is over, then asserts.
public func eventually(
    timeout: Duration = .seconds(10), interval: Duration = .milliseconds(25),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while clock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}
