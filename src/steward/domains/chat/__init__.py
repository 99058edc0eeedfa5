"""Live chat: conversations between a customer in the widget and agents, carried over WebSockets."""
