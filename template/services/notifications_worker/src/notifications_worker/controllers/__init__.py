"""What the worker's operations mean (spec/notifications.yaml); the subscribers are generated."""
