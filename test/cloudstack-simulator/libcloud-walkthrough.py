"""Drives the CloudStack simulator with Apache Libcloud's CloudStack driver and prints what it saw as JSON.

Run by libcloud.e2e-spec.ts with CS_API_URL, CS_API_KEY, CS_SECRET_KEY and CS_PUBLIC_KEY in the environment.
"""
import json
import os
import sys

from libcloud.compute.providers import get_driver
from libcloud.compute.types import NodeState, Provider

driver = get_driver(Provider.CLOUDSTACK)(
    key=os.environ["CS_API_KEY"],
    secret=os.environ["CS_SECRET_KEY"],
    url=os.environ["CS_API_URL"],
    secure=False,
)
# Jobs finish within milliseconds here; Libcloud's default is to poll once a second.
driver.connection.poll_interval = 0.05

seen = {}
sizes = driver.list_sizes()
images = driver.list_images()
locations = driver.list_locations()
seen["sizes"] = [{"id": s.id, "name": s.name, "ram": s.ram, "cpu": s.extra["cpu"]} for s in sizes]
seen["images"] = [{"id": i.id, "name": i.name, "os": i.extra["os"]} for i in images]
seen["locations"] = [{"id": l.id, "name": l.name} for l in locations]

imported = driver.import_key_pair_from_string("libcloud-imported", os.environ["CS_PUBLIC_KEY"])
created = driver.create_key_pair("libcloud-created")
seen["keypairs"] = {
    "imported": {"name": imported.name, "fingerprint": imported.fingerprint},
    "created": {"name": created.name, "has_private_key": bool(created.private_key and "PRIVATE KEY" in created.private_key)},
    "listed": sorted(k.name for k in driver.list_key_pairs()),
}

group = driver.ex_create_security_group("libcloud-sg", description="made by Libcloud")
rule = driver.ex_authorize_security_group_ingress("libcloud-sg", "TCP", "0.0.0.0/0", startport=22)
seen["security_group"] = {"name": group["name"], "ingress": rule["ingressrule"]}

size = next(s for s in sizes if s.name == "Small Instance")
image = next(i for i in images if i.name == "debian-12")
node = driver.create_node(
    name="libcloud-node",
    size=size,
    image=image,
    location=locations[0],
    ex_keyname="libcloud-imported",
    ex_security_groups=["libcloud-sg"],
    ex_start_vm=True,
)
listed = next(n for n in driver.list_nodes() if n.id == node.id)
seen["created_node"] = {"id": node.id, "name": node.name, "state": NodeState.tostring(node.state).lower()}
seen["listed_node"] = {
    "name": listed.name,
    "state": NodeState.tostring(listed.state).lower(),
    "private_ips": listed.private_ips,
    "public_ips": listed.public_ips,
    "key_name": listed.extra["key_name"],
    "security_groups": listed.extra["security_group"],
}
seen["rebooted"] = driver.reboot_node(listed)
seen["state_after_reboot"] = NodeState.tostring(driver.ex_get_node(node.id).state).lower()
seen["destroyed"] = driver.destroy_node(listed)
after = [n for n in driver.list_nodes() if n.id == node.id]
seen["state_after_destroy"] = NodeState.tostring(after[0].state).lower() if after else "gone"

json.dump(seen, sys.stdout)
