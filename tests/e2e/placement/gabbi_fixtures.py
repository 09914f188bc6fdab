"""Gabbi fixtures for upstream placement's API tests (the YAML files in
gabbits/, copied from placement Zed), rebuilt over HTTP: upstream's
fixtures create their providers through placement's Python objects, ours
through onestack's REST API, with the same names, shapes and environment
variables. Each YAML file runs against a fresh `onestack serve placement`
(noauth2) that test_gabbits.py starts; PLACEMENT_URL points at it.
"""
import json
import os
import uuid

from gabbi import fixture

from placement_server import request


def _url():
    return os.environ["PLACEMENT_URL"]


def call(method, path, body=None, version="latest", expect=(200, 201, 204)):
    status, _, data = request(method, _url() + path, body, version=version)
    if status not in expect:
        raise AssertionError("%s %s -> %d %s" % (method, path, status, json.dumps(data)))
    return data


def generation(rp):
    return call("GET", "/resource_providers/%s" % rp)["generation"]


def create_provider(name, *aggs, parent=None, rp_uuid=None):
    """test_base.create_provider: aggregates set without a generation bump."""
    rp_uuid = rp_uuid or str(uuid.uuid4())
    body = {"name": name, "uuid": rp_uuid}
    if parent:
        body["parent_provider_uuid"] = parent
    call("POST", "/resource_providers", body)
    if aggs:
        call("PUT", "/resource_providers/%s/aggregates" % rp_uuid, list(aggs), version="1.1")
    return rp_uuid


def set_aggregates(rp, *aggs):
    call("PUT", "/resource_providers/%s/aggregates" % rp, list(aggs), version="1.1")


def ensure_rc(name):
    if name.startswith("CUSTOM_"):
        call("PUT", "/resource_classes/%s" % name, version="1.7")


def add_inventory(rp, rc, total, **kwargs):
    """test_base.add_inventory: max_unit defaults to total."""
    ensure_rc(rc)
    body = {"resource_class": rc, "total": total, "max_unit": kwargs.pop("max_unit", total)}
    body.update(kwargs)
    call("POST", "/resource_providers/%s/inventories" % rp, body)


def set_traits(rp, *traits):
    for t in traits:
        if t.startswith("CUSTOM_"):
            call("PUT", "/traits/%s" % t)
    call("PUT", "/resource_providers/%s/traits" % rp,
         {"traits": list(traits), "resource_provider_generation": generation(rp)})


def set_allocation(rp, consumer, project, user, resources):
    """test_base.set_allocation: the consumer's allocations become these
    (no consumer type, as upstream's fixture consumers have none)."""
    current = call("GET", "/allocations/%s" % consumer)
    call("PUT", "/allocations/%s" % consumer, {
        "allocations": {rp: {"resources": resources}},
        "project_id": project, "user_id": user,
        "consumer_generation": current.get("consumer_generation")}, version="1.28")


class APIFixture(fixture.GabbiFixture):
    """placement's APIFixture: the environment variables every file uses."""

    def start_fixture(self):
        for name in ("RP_UUID", "RP_NAME", "PROJECT_ID", "USER_ID", "PROJECT_ID_ALT",
                     "USER_ID_ALT", "INSTANCE_UUID", "MIGRATION_UUID", "CONSUMER_UUID",
                     "PARENT_PROVIDER_UUID", "ALT_PARENT_PROVIDER_UUID"):
            os.environ[name] = str(uuid.uuid4())
        os.environ["CUSTOM_RES_CLASS"] = "CUSTOM_IRON_NFV"

    def stop_fixture(self):
        pass


class LegacyRBACPolicyFixture(APIFixture):
    """Placement's deprecated (default) policies: what onestack enforces."""


class AllocationFixture(APIFixture):
    def start_fixture(self):
        super().start_fixture()
        os.environ["ALT_USER_ID"] = str(uuid.uuid4())
        project, user, alt_user = (os.environ["PROJECT_ID"], os.environ["USER_ID"],
                                   os.environ["ALT_USER_ID"])
        rp = create_provider(os.environ["RP_NAME"], rp_uuid=os.environ["RP_UUID"])
        add_inventory(rp, "DISK_GB", 2048, step_size=10, min_unit=10, max_unit=1000)
        add_inventory(rp, "VCPU", 10, max_unit=10)
        consumer1 = str(uuid.uuid4())
        set_allocation(rp, consumer1, project, user, {"DISK_GB": 1000})
        os.environ["CONSUMER_0"] = consumer1
        consumer2 = str(uuid.uuid4())
        set_allocation(rp, consumer2, project, user, {"VCPU": 6})
        os.environ["CONSUMER_ID"] = consumer2
        alt_consumer = str(uuid.uuid4())
        os.environ["ALT_CONSUMER_ID"] = alt_consumer
        set_allocation(rp, alt_consumer, project, alt_user, {"DISK_GB": 20, "VCPU": 1})
        os.environ["ALT_RP_UUID"] = str(uuid.uuid4())
        os.environ["ALT_RP_NAME"] = str(uuid.uuid4())


class SharedStorageFixture(APIFixture):
    def start_fixture(self):
        super().start_fixture()
        agg = str(uuid.uuid4())
        cn1 = create_provider("cn1", agg)
        cn2 = create_provider("cn2", agg)
        ss = create_provider("ss", agg)
        ss2 = create_provider("ss2", agg)
        numa1_1 = create_provider("numa1_1", parent=cn1)
        numa1_2 = create_provider("numa1_2", parent=cn1)
        numa2_1 = create_provider("numa2_1", parent=cn2)
        numa2_2 = create_provider("numa2_2", parent=cn2)
        pf1_1 = create_provider("pf1_1", parent=numa1_1)
        pf1_2 = create_provider("pf1_2", parent=numa1_2)
        pf2_1 = create_provider("pf2_1", parent=numa2_1)
        pf2_2 = create_provider("pf2_2", parent=numa2_2)
        env = dict(AGG_UUID=agg, CN1_UUID=cn1, CN2_UUID=cn2, SS_UUID=ss, SS2_UUID=ss2,
                   NUMA1_1_UUID=numa1_1, NUMA1_2_UUID=numa1_2, NUMA2_1_UUID=numa2_1,
                   NUMA2_2_UUID=numa2_2, PF1_1_UUID=pf1_1, PF1_2_UUID=pf1_2,
                   PF2_1_UUID=pf2_1, PF2_2_UUID=pf2_2)
        os.environ.update(env)
        for cn in (cn1, cn2):
            add_inventory(cn, "VCPU", 24, allocation_ratio=16.0)
            add_inventory(cn, "MEMORY_MB", 128 * 1024, allocation_ratio=1.5)
        set_traits(cn1, "HW_CPU_X86_SSE", "HW_CPU_X86_SSE2")
        add_inventory(cn2, "DISK_GB", 2000, reserved=100, allocation_ratio=1.0)
        for shared in (ss, ss2):
            add_inventory(shared, "DISK_GB", 2000, reserved=100, allocation_ratio=1.0)
            set_traits(shared, "MISC_SHARES_VIA_AGGREGATE")
        for pf in (pf1_1, pf1_2, pf2_1, pf2_2):
            add_inventory(pf, "SRIOV_NET_VF", 8, allocation_ratio=1.0)


class NUMAAggregateFixture(APIFixture):
    def start_fixture(self):
        super().start_fixture()
        agg_a, agg_b, agg_c = (str(uuid.uuid4()) for _ in range(3))
        cn1 = create_provider("cn1", agg_a)
        cn2 = create_provider("cn2", agg_a, agg_b)
        ss1 = create_provider("ss1", agg_a)
        ss2 = create_provider("ss2", agg_c)
        numa1_1 = create_provider("numa1_1", agg_c, parent=cn1)
        numa1_2 = create_provider("numa1_2", parent=cn1)
        numa2_1 = create_provider("numa2_1", parent=cn2)
        numa2_2 = create_provider("numa2_2", parent=cn2)
        os.environ.update(dict(AGGA_UUID=agg_a, AGGB_UUID=agg_b, AGGC_UUID=agg_c,
                               CN1_UUID=cn1, CN2_UUID=cn2, SS1_UUID=ss1, SS2_UUID=ss2,
                               NUMA1_1_UUID=numa1_1, NUMA1_2_UUID=numa1_2,
                               NUMA2_1_UUID=numa2_1, NUMA2_2_UUID=numa2_2))
        for numa in (numa1_1, numa1_2, numa2_1, numa2_2):
            add_inventory(numa, "VCPU", 24, allocation_ratio=16.0)
        for ss in (ss1, ss2):
            add_inventory(ss, "DISK_GB", 2000, reserved=100, allocation_ratio=1.0)
            set_traits(ss, "MISC_SHARES_VIA_AGGREGATE")


class NUMANetworkFixture(APIFixture):
    cn1 = None
    cn2 = None

    def start_fixture(self):
        super().start_fixture()
        self.make_entities()

    def make_entities(self):
        agg_a = str(uuid.uuid4())
        os.environ["AGGA_UUID"] = agg_a
        ss1 = create_provider("ss1", agg_a)
        set_traits(ss1, "MISC_SHARES_VIA_AGGREGATE")
        add_inventory(ss1, "DISK_GB", 2000)
        os.environ["SS1_UUID"] = ss1
        if not self.cn1:
            self.cn1 = create_provider("cn1", agg_a)
        set_aggregates(self.cn1, agg_a)
        set_traits(self.cn1, "COMPUTE_VOLUME_MULTI_ATTACH")
        os.environ["CN1_UUID"] = self.cn1
        numas = []
        for i in (0, 1):
            numa = create_provider("numa%d" % i, parent=self.cn1)
            traits = ["HW_NUMA_ROOT"] + (["CUSTOM_FOO"] if i == 1 else [])
            set_traits(numa, *traits)
            add_inventory(numa, "VCPU", 4)
            numas.append(numa)
            os.environ["NUMA%d_UUID" % i] = numa
        add_inventory(numas[0], "MEMORY_MB", 2048, min_unit=512, step_size=256)
        add_inventory(numas[1], "MEMORY_MB", 2048, min_unit=256, max_unit=1024)
        project, user = "numafx-project", "numafx-user"
        set_allocation(numas[0], str(uuid.uuid4()), project, user, {"VCPU": 2})
        fpga = create_provider("fpga0", parent=numas[0])
        add_inventory(fpga, "CUSTOM_FPGA", 1)
        os.environ["FPGA0_UUID"] = fpga
        pgpu = create_provider("pgpu0", parent=numas[0])
        add_inventory(pgpu, "VGPU", 8)
        os.environ["PGPU0_UUID"] = pgpu
        for i in (0, 1):
            fpga = create_provider("fpga1_%d" % i, parent=numas[1])
            add_inventory(fpga, "CUSTOM_FPGA", 1)
            os.environ["FPGA1_%d_UUID" % i] = fpga
        agent = create_provider("sriov_agent", parent=self.cn1)
        set_traits(agent, "CUSTOM_VNIC_TYPE_DIRECT")
        os.environ["SRIOV_AGENT_UUID"] = agent
        for i in (1, 2):
            dev = create_provider("esn%d" % i, parent=agent)
            set_traits(dev, "CUSTOM_PHYSNET%d" % i)
            add_inventory(dev, "NET_BW_EGR_KILOBIT_PER_SEC", 10000 * i)
            os.environ["ESN%d_UUID" % i] = dev
        agent = create_provider("ovs_agent", parent=self.cn1)
        set_traits(agent, "CUSTOM_VNIC_TYPE_NORMAL")
        os.environ["OVS_AGENT_UUID"] = agent
        dev = create_provider("br_int", parent=agent)
        set_traits(dev, "CUSTOM_PHYSNET0")
        add_inventory(dev, "NET_BW_EGR_KILOBIT_PER_SEC", 1000)
        os.environ["BR_INT_UUID"] = dev
        if not self.cn2:
            self.cn2 = create_provider("cn2")
        set_aggregates(self.cn2, agg_a)
        add_inventory(self.cn2, "VCPU", 8)
        set_allocation(self.cn2, str(uuid.uuid4()), project, user, {"VCPU": 3})
        add_inventory(self.cn2, "MEMORY_MB", 2048, min_unit=1024, step_size=128)
        add_inventory(self.cn2, "DISK_GB", 1000)
        set_traits(self.cn2, "CUSTOM_FOO")
        os.environ["CN2_UUID"] = self.cn2
        nics = []
        for i in (1, 2, 3):
            nic = create_provider("nic%d" % i, parent=self.cn2)
            set_traits(nic, "CUSTOM_HW_NIC_ROOT")
            nics.append(nic)
            os.environ["NIC%s_UUID" % i] = nic
        for i in (1, 2):
            suf = "1_%d" % i
            pf = create_provider("pf%s" % suf, parent=nics[0])
            set_traits(pf, "CUSTOM_PHYSNET%d" % i)
            add_inventory(pf, "CUSTOM_VF", 4)
            os.environ["PF%s_UUID" % suf] = pf
        for i in (0, 1, 2, 3):
            suf = "2_%d" % (i + 1)
            pf = create_provider("pf%s" % suf, parent=nics[1])
            set_traits(pf, "CUSTOM_PHYSNET%d" % ((i % 2) + 1))
            add_inventory(pf, "CUSTOM_VF", 2)
            os.environ["PF%s_UUID" % suf] = pf
        pf = create_provider("pf3_1", parent=nics[2])
        set_traits(pf, "CUSTOM_PHYSNET1")
        add_inventory(pf, "CUSTOM_VF", 8)
        os.environ["PF3_1_UUID"] = pf


class DeepNUMANetworkFixture(NUMANetworkFixture):
    def make_entities(self):
        gp1 = create_provider("gp1")
        p1 = create_provider("p1", parent=gp1)
        p2 = create_provider("p2", parent=gp1)
        self.cn1 = create_provider("cn1", parent=p1)
        self.cn2 = create_provider("cn2", parent=p2)
        super().make_entities()


class NonSharedStorageFixture(APIFixture):
    def start_fixture(self):
        super().start_fixture()
        for name in ("AGGA_UUID", "AGGB_UUID", "AGGC_UUID"):
            os.environ[name] = str(uuid.uuid4())
        cns = [create_provider("cn%d" % i) for i in (1, 2, 3)]
        for i, cn in enumerate(cns, 1):
            os.environ["CN%d_UUID" % i] = cn
            add_inventory(cn, "VCPU", 24)
            add_inventory(cn, "MEMORY_MB", 128 * 1024)
            add_inventory(cn, "DISK_GB", 2000)


class GranularFixture(APIFixture):
    def start_fixture(self):
        super().start_fixture()
        call("POST", "/resource_classes", {"name": "CUSTOM_NET_MBPS"})
        agg_a, agg_b, agg_c = (str(uuid.uuid4()) for _ in range(3))
        os.environ.update(AGGA=agg_a, AGGB=agg_b, AGGC=agg_c)
        cn_left = create_provider("cn_left", agg_a)
        os.environ["CN_LEFT"] = cn_left
        for rc, total in (("VCPU", 8), ("MEMORY_MB", 4096), ("DISK_GB", 500), ("VGPU", 8),
                          ("SRIOV_NET_VF", 8), ("CUSTOM_NET_MBPS", 4000)):
            add_inventory(cn_left, rc, total)
        set_traits(cn_left, "HW_CPU_X86_AVX", "HW_CPU_X86_AVX2", "HW_GPU_API_DXVA",
                   "HW_NIC_DCB_PFC", "CUSTOM_FOO")
        cn_middle = create_provider("cn_middle", agg_a, agg_b)
        os.environ["CN_MIDDLE"] = cn_middle
        for rc, total in (("VCPU", 8), ("MEMORY_MB", 4096), ("SRIOV_NET_VF", 8),
                          ("CUSTOM_NET_MBPS", 4000)):
            add_inventory(cn_middle, rc, total)
        set_traits(cn_middle, "HW_CPU_X86_AVX", "HW_CPU_X86_AVX2", "HW_CPU_X86_SSE",
                   "HW_NIC_ACCEL_TLS")
        cn_right = create_provider("cn_right", agg_b, agg_c)
        os.environ["CN_RIGHT"] = cn_right
        add_inventory(cn_right, "VCPU", 8)
        add_inventory(cn_right, "MEMORY_MB", 4096)
        add_inventory(cn_right, "DISK_GB", 500)
        add_inventory(cn_right, "VGPU", 8, max_unit=2)
        set_traits(cn_right, "HW_CPU_X86_MMX", "HW_GPU_API_DXVA", "CUSTOM_DISK_SSD")
        shr_disk_1 = create_provider("shr_disk_1", agg_a)
        os.environ["SHR_DISK_1"] = shr_disk_1
        add_inventory(shr_disk_1, "DISK_GB", 1000)
        set_traits(shr_disk_1, "MISC_SHARES_VIA_AGGREGATE", "CUSTOM_DISK_SSD")
        shr_disk_2 = create_provider("shr_disk_2", agg_a, agg_b)
        os.environ["SHR_DISK_2"] = shr_disk_2
        add_inventory(shr_disk_2, "DISK_GB", 1000)
        set_traits(shr_disk_2, "MISC_SHARES_VIA_AGGREGATE")
        shr_net = create_provider("shr_net", agg_c)
        os.environ["SHR_NET"] = shr_net
        add_inventory(shr_net, "SRIOV_NET_VF", 16)
        add_inventory(shr_net, "CUSTOM_NET_MBPS", 40000)
        set_traits(shr_net, "MISC_SHARES_VIA_AGGREGATE")
