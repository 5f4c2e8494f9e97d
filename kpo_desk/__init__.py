"""KPO Desk: an offline desk for running a Knowledge Process Outsourcing practice."""

__version__ = "0.1.0"
