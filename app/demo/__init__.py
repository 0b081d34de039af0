"""The built-in demo API (``ticketview --demo``): a real local HTTP server with sample tickets.

Start it with ``app.demo.server.start_demo_server``; ``app.demo.samples.SAMPLE_IDS`` lists the
tickets worth opening. Standard library only: this is on the start-up path.
"""
