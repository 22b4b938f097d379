enum TrackerPlaceholder {}
