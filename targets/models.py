"""The målbild of SSR (Vision, Foundation, Goal, Milestone, Activation): issue 5."""
