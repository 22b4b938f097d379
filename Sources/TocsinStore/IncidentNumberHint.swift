/// A guess at the next incident number, so that a declaration can be planned and encoded before the write
/// that stores it, outside the one writer's transaction.
///
/// Only a guess: the database decides. Inside the write the number is one more than the highest stored,
/// and a declaration planned for another number (another declaration got there first, or an earlier write
/// failed) is planned again there. So numbers are never reused or skipped, whatever the guesses were.
actor IncidentNumberHint {
    private var next: Int

    init(after highest: Int) {
        next = highest + 1
    }

    /// The number to plan the next declaration with.
    func take() -> Int {
        defer { next += 1 }
        return next
    }

    /// Notes a number the database assigned, so later guesses start after it.
    func stored(_ number: Int) {
        next = Swift.max(next, number + 1)
    }
}
