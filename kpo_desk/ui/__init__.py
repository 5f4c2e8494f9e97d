"""The Qt desktop GUI. Thin: it shows, collects input and calls kpo_desk.core."""
