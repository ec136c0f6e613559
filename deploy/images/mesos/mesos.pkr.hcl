# A CloudStack template with ZooKeeper and Mesos (and optionally Marathon) installed but not started, for
# templates/mesos: its members then skip the package installation and only write their configuration.
#   packer init deploy/images/mesos && packer build -var-file=my.pkrvars.hcl deploy/images/mesos
# Variables without a default must be given (see README.md). Apache Mesos has no Debian/Ubuntu package of its own
# any more (the project moved to the Apache Attic in 2025): name the apt repository that carries your build.

packer {
  required_plugins {
    cloudstack = {
      source  = "github.com/hashicorp/cloudstack"
      version = ">= 1.0.0"
    }
  }
}

variable "api_url" {
  type        = string
  description = "CloudStack API endpoint, e.g. https://cloud.example.org/client/api (or CLOUDSTACK_API_URL)"
  default     = env("CLOUDSTACK_API_URL")
}

variable "api_key" {
  type      = string
  default   = env("CLOUDSTACK_API_KEY")
  sensitive = true
}

variable "secret_key" {
  type      = string
  default   = env("CLOUDSTACK_SECRET_KEY")
  sensitive = true
}

variable "zone" {
  type        = string
  description = "Zone (name or id) the build VM runs in and the template is registered in"
}

variable "network" {
  type        = string
  description = "Guest network (name or id) of the build VM; it needs a route to the package repositories"
}

variable "service_offering" {
  type        = string
  description = "Service offering of the build VM (2 GB of memory is plenty)"
  default     = "Medium Instance"
}

variable "source_template" {
  type        = string
  description = "A stock Ubuntu 22.04 (or Debian 12) cloud template with cloud-init, name or id"
}

variable "template_os" {
  type        = string
  description = "OS type of the new template as CloudStack names it"
  default     = "Ubuntu 22.04 LTS"
}

variable "ssh_username" {
  type        = string
  description = "The source template's cloud-init user (ubuntu on Ubuntu cloud images, debian on Debian's)"
  default     = "ubuntu"
}

variable "mesos_apt_source" {
  type        = string
  description = "The apt source line of a repository carrying Mesos, e.g. \"deb [signed-by=/etc/apt/keyrings/mesos.gpg] https://repo.example.org/mesos jammy main\""
}

variable "mesos_apt_key_url" {
  type        = string
  description = "URL of that repository's signing key (ASCII-armoured or binary); empty when the source line needs none"
  default     = ""
}

variable "mesos_package" {
  type    = string
  default = "mesos"
}

variable "marathon_package" {
  type        = string
  description = "Marathon's package name in the same repository; empty to leave Marathon out"
  default     = "marathon"
}

variable "template_name" {
  type    = string
  default = "mesos-ubuntu-22.04-{{timestamp}}"
}

source "cloudstack" "mesos" {
  api_url          = var.api_url
  api_key          = var.api_key
  secret_key       = var.secret_key
  zone             = var.zone
  network          = var.network
  service_offering = var.service_offering
  source_template  = var.source_template
  disk_size        = 20

  # Packer reaches the build VM over a temporary public address and port forwarding unless told otherwise; in a
  # security-group zone (no virtual router) set use_local_ip_address = true and run Packer inside the network.
  ssh_username          = var.ssh_username
  ssh_timeout           = "15m"
  create_security_group = true
  expunge               = true

  template_name         = var.template_name
  template_display_text = "Ubuntu 22.04 with ZooKeeper and Mesos preinstalled (stopped) for templates/mesos"
  template_os           = var.template_os
  template_scalable     = true
}

build {
  sources = ["source.cloudstack.mesos"]

  provisioner "shell" {
    script          = "${path.root}/install-mesos.sh"
    execute_command = "sudo -E sh -c '{{ .Vars }} {{ .Path }}'"
    environment_vars = [
      "MESOS_APT_SOURCE=${var.mesos_apt_source}",
      "MESOS_APT_KEY_URL=${var.mesos_apt_key_url}",
      "MESOS_PACKAGE=${var.mesos_package}",
      "MARATHON_PACKAGE=${var.marathon_package}",
    ]
  }
}
